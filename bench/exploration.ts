import fc from 'fast-check';
import { builtIns, healing } from '../algorithms/index.ts';
import { type CheckOptions, check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import type { AllocationAlgorithm } from '../model/index.ts';
import { presets } from '../model/presets.ts';
import { properties, selectProperties } from '../properties/registry.ts';
import { compare, median, type Row, type Section, type Table } from './measure.ts';

/**
 * What random exploration costs and what it finds, through `check()` as a user calls it: how soon
 * each built-in bug is found and how short its shrunk trace is, how much of that is owed to swarm
 * testing (each run drawing its own weights of event kinds) rather than uniform choice among kinds,
 * and how many whole runs per second the real property suite gets under immer and without it.
 * Effort is counted in model steps, which a seed fixes on every machine; wall time is reported
 * beside it only where the brief needs it.
 */

const presetName = 'small';
const smallPreset = presets[presetName];
if (smallPreset === undefined) throw new Error(`stormcheck bench: the ${presetName} preset is missing`);
const preset = smallPreset;

const seeds: readonly number[] = Array.from({ length: 20 }, (_, k) => k + 1);
const runsBudget = 1000;

/** A built-in algorithm with a seeded bug, and the one property it is expected to break. */
interface Bug {
  readonly algorithm: AllocationAlgorithm;
  readonly property: string;
}

const bugs: readonly Bug[] = builtIns.flatMap((b) =>
  b.expectedViolation === null ? [] : [{ algorithm: b.algorithm, property: b.expectedViolation }],
);

type Weights = NonNullable<CheckOptions['weights']>;
type Violated = Extract<CheckResult, { status: 'violated' }>;

function optionsFor(bug: Bug, seed: number, weights: Weights): CheckOptions {
  return { algorithm: bug.algorithm, preset, properties: selectProperties([bug.property]), runs: runsBudget, seed, weights };
}

/**
 * `check` without shrinking, for runs that need only the effort until the first failure. `check`
 * plays each run as its own one-run `fc.check` and stops counting at the failing run, so
 * fast-check's `endOnFailure` (set globally because `check` takes no fast-check parameters) skips
 * fast-check's shrinker without changing which runs are played; `shrink: 'fastCheck'` skips ours.
 * `assertSearchOnlyAgrees` checks that premise against full runs of `check`.
 */
function searchOnly(options: CheckOptions): CheckResult {
  const previous = fc.readConfigureGlobal();
  fc.configureGlobal({ ...previous, endOnFailure: true });
  try {
    return check({ ...options, shrink: 'fastCheck' });
  } finally {
    fc.configureGlobal(previous);
  }
}

/** The results of one bug over every seed. */
interface Outcomes {
  readonly bug: Bug;
  readonly results: readonly CheckResult[];
}

function explore(weights: Weights, run: (options: CheckOptions) => CheckResult): Outcomes[] {
  return bugs.map((bug) => ({ bug, results: seeds.map((seed) => run(optionsFor(bug, seed, weights))) }));
}

function violatedOf(results: readonly CheckResult[]): Violated[] {
  return results.filter((r): r is Violated => r.status === 'violated');
}

/**
 * Steps until the first failure. A seed that does not find the bug within the budget reports the
 * steps of all its runs (`passed`, `steps` of the whole budget): a lower bound on what it would
 * have taken, which is how the tables count it.
 */
function medianSteps(results: readonly CheckResult[]): number {
  return median(results.map((r) => r.steps));
}

function assertSearchOnlyAgrees(full: readonly Outcomes[]): void {
  for (const { bug, results } of full) {
    const seed = seeds[0] as number;
    const reference = results[0] as CheckResult;
    const quick = searchOnly(optionsFor(bug, seed, 'swarm'));
    if (quick.status !== reference.status || quick.runs !== reference.runs || quick.steps !== reference.steps) {
      throw new Error(
        `stormcheck bench: ${bug.algorithm.name} seed ${seed} without shrinking took ${quick.runs} runs / ${quick.steps} steps, with it ${reference.runs} / ${reference.steps}; the uniform column would not be comparable`,
      );
    }
  }
}

/** A median as printed: whole numbers as they are, halves (even counts) with one decimal. */
function count(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function found(results: readonly CheckResult[]): string {
  return `${violatedOf(results).length}/${results.length}`;
}

/** A summary of `pick` (the median unless told) over the seeds that found the bug; a dash when none did. */
function overFound(results: readonly CheckResult[], pick: (r: Violated) => number, summary: (values: number[]) => number = median): string {
  const values = violatedOf(results).map(pick);
  return values.length === 0 ? '-' : count(summary(values));
}

const seedRange = `seeds ${seeds[0]}..${seeds[seeds.length - 1]}`;
const notFoundNote = `not found: a seed that misses the bug within ${runsBudget} runs counts with the steps of its whole budget, a lower bound`;

function findingTable(swarm: readonly Outcomes[]): Table {
  return {
    title: `finding the built-in bugs: preset ${presetName}, network and weights swarm, ${seedRange}, ${runsBudget} runs each, the expected property alone; medians over seeds`,
    columns: ['algorithm', 'property', 'found', 'steps to failure', 'ms to result', 'fast-check length', 'final length', 'worst final'],
    cells: swarm.map(({ bug, results }) => [
      bug.algorithm.name,
      bug.property,
      found(results),
      count(medianSteps(results)),
      count(median(results.map((r) => r.elapsedMs))),
      overFound(results, (r) => r.shrink.fastCheckLength),
      overFound(results, (r) => r.shrink.finalLength),
      overFound(
        results,
        (r) => r.shrink.finalLength,
        (values) => Math.max(...values),
      ),
    ]),
    notes: [
      'steps to failure: model steps of every run up to and including the first failing one (CheckResult.steps); machine independent',
      'ms to result: wall time of check() on this machine, including both shrinkers',
      "lengths: events in the shrunk trace, over the seeds that found the bug; fast-check length is after fast-check's shrinker, final after shrinkHarder",
      notFoundNote,
    ],
  };
}

function swarmTable(swarm: readonly Outcomes[], uniform: readonly Outcomes[]): Table {
  return {
    title: `what swarm testing buys: the same bugs and seeds with weights 'uniform' (network still swarm); medians of steps to the first failure`,
    columns: ['algorithm', 'found swarm', 'found uniform', 'steps swarm', 'steps uniform', 'uniform/swarm'],
    cells: swarm.map(({ bug, results }, k) => {
      const uniformResults = (uniform[k] as Outcomes).results;
      const swarmSteps = medianSteps(results);
      const uniformSteps = medianSteps(uniformResults);
      return [
        bug.algorithm.name,
        found(results),
        found(uniformResults),
        count(swarmSteps),
        count(uniformSteps),
        `${(uniformSteps / swarmSteps).toFixed(2)}×`,
      ];
    }),
    notes: [
      'uniform/swarm: median steps under uniform weights over median steps under swarm weights; above 1, swarm finds the bug in fewer steps',
      `${notFoundNote}; the ratio is then a bound too`,
      'the uniform runs skip both shrinkers (they come after the failing run and change no count); checked on the first seed of every bug against the swarm runs',
    ],
  };
}

const healingRuns = 300;
const healingSeed = 1;
const engines: readonly NonNullable<CheckOptions['engine']>[] = ['mutable', 'immer'];

function healingOptions(engine: NonNullable<CheckOptions['engine']>): CheckOptions {
  return { algorithm: healing, preset, properties, runs: healingRuns, seed: healingSeed, engine };
}

/** The healing reference must pass, and both engines must play the same steps: one semantics. */
function healingSteps(): number {
  const [first, ...others] = engines.map((engine) => {
    const result = check(healingOptions(engine));
    if (result.status !== 'passed')
      throw new Error(`stormcheck bench: healing ${result.status} on ${presetName} with engine ${engine}, seed ${healingSeed}`);
    return result.steps;
  });
  if (others.some((steps) => steps !== first)) throw new Error('stormcheck bench: the engines play different numbers of steps');
  return first as number;
}

/** The same rows in another unit: ratios, paired ratios and spreads do not change under scaling. */
function rescaled(rows: readonly Row[], group: string, unit: string, factor: number): Row[] {
  return rows.map((r) => ({ ...r, group, unit, median: r.median * factor }));
}

function healingRows(): Row[] {
  const steps = healingSteps();
  const workload = `healing, all ${properties.length} properties, preset ${presetName}, ${healingRuns} runs of seed ${healingSeed} (${steps} steps); ratio = the engine's rate / mutable's`;
  const runRows = compare({
    group: `whole check() runs: ${workload}`,
    unit: 'runs/s',
    opsPerSample: healingRuns,
    variants: engines.map((engine) => ({ name: `engine '${engine}'`, sample: () => void check(healingOptions(engine)) })),
    // `healingSteps` has just run both engines once over the same workload: that is the warm-up.
    warmupRounds: 0,
    timedRounds: 3,
  });
  return [...runRows, ...rescaled(runRows, `model steps in whole check() runs: ${workload}`, 'steps/s', steps / healingRuns)];
}

export const exploration: Section = {
  name: 'exploration: bugs found, swarm vs uniform weights, runs/s of check()',
  run: (): (Row | Table)[] => {
    const swarm = explore('swarm', check);
    assertSearchOnlyAgrees(swarm);
    const uniform = explore('uniform', searchOnly);
    return [findingTable(swarm), swarmTable(swarm, uniform), ...healingRows()];
  },
};
