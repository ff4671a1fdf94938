import { algorithmNamed } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import type { ExploreResult } from '../explorer/index.ts';
import { exploreSupernodes } from '../explorer/index.ts';
import { type Config, type Event, initialState, presets, type State, type System, step, stepMutable } from '../model/index.ts';
import { scaled } from '../model/scale.ts';
import type { Property } from '../properties/property.ts';
import { properties } from '../properties/registry.ts';
import { compare, median, type Row, type Section, type Table } from './measure.ts';
import { stepScript } from './modelStep.ts';
import { previousVersion } from './previousVersion.ts';

/**
 * What issue 14's targets measure, each against the previous version (the commit below, taken from
 * git as `previousVersion.ts` does) in the same process and the same interleaved rounds: a model
 * step's cost per node on `default` cloned up to 36, 512 and 4,096 nodes, under immer and on a
 * mutable copy; whole `check()` runs under immer against mutable; and the explorer's states a
 * second on `tiny`, one thread, safety only and every property. The previous version's semantics
 * are this one's but for one fix (a supernode one unit over its work limit now sheds) and the
 * host-cache refresh, which draws `hostCacheMax` places instead of shuffling every supernode with
 * room (CHANGELOG): the same distribution, other draws, so the two step alike-shaped runs, not the
 * same states.
 */
export const previousCommit = '6577784';

type Stepper = (system: System, state: State, event: Event) => State;

interface Version {
  readonly name: string;
  readonly step: Stepper;
  readonly stepMutable: Stepper;
  readonly healing: System['algorithm'];
  readonly properties: readonly Property[];
  readonly check: typeof check;
  readonly exploreSupernodes: typeof exploreSupernodes;
  readonly presets: typeof presets;
}

async function loadPrevious(): Promise<Version | string> {
  const version = previousVersion(previousCommit, [
    'model',
    'algorithms',
    'properties',
    'explorer',
    'checker',
    'corpus',
    'io',
    'report',
    'cli',
  ]);
  if (typeof version === 'string') return version;
  const model = await version.load<{ step: Stepper; stepMutable: Stepper; presets: typeof presets }>('model/index.ts');
  const algorithms = await version.load<{ healing: System['algorithm'] }>('algorithms/index.ts');
  return {
    name: `previous (${previousCommit})`,
    step: model.step,
    stepMutable: model.stepMutable,
    healing: algorithms.healing,
    properties: (await version.load<{ properties: readonly Property[] }>('properties/registry.ts')).properties,
    check: (await version.load<{ check: typeof check }>('checker/check.ts')).check,
    exploreSupernodes: (await version.load<{ exploreSupernodes: typeof exploreSupernodes }>('explorer/index.ts')).exploreSupernodes,
    presets: model.presets,
  };
}

const previous = await loadPrevious();
const current: Version = {
  name: 'this version',
  step,
  stepMutable,
  healing: algorithmNamed('healing') as System['algorithm'],
  properties,
  check,
  exploreSupernodes,
  presets,
};

function configNamed(name: string): Config {
  const preset = presets[name];
  if (preset === undefined) throw new Error(`stormcheck bench: the ${name} preset is missing`);
  return preset.config;
}

// 1. A step's cost per node.

/**
 * The steps timed at each size: states along the first 100 events of the step script (a cold
 * start's login flood, a heavy day, a patch storm, a crash, churn), every `stride`-th event. The
 * states are made once, on a mutable copy; each round steps every sampled state by its event, as
 * many times over as it takes to step `nodeStepsPerRound` nodes, so that the small network's
 * rounds are not over before the JIT has compiled them (a round of 36 nodes stepped once took
 * about 3 ms, and its cost per node came out twice what it is once warm).
 */
interface Size {
  readonly nodes: number;
  readonly stride: number;
}

const sizes: readonly Size[] = [
  { nodes: 36, stride: 2 },
  { nodes: 512, stride: 5 },
  { nodes: 4096, stride: 20 },
];
const trajectoryLength = 100;
const nodeStepsPerRound = 200_000;

function sampledSteps(config: Config, stride: number): { state: State; event: Event }[] {
  const system: System = { config, algorithm: current.healing };
  const out: { state: State; event: Event }[] = [];
  let state = initialState(config, current.healing);
  stepScript.slice(0, trajectoryLength).forEach((event, k) => {
    if (k % stride === 0) out.push({ state, event });
    state = stepMutable(system, state, event);
  });
  return out;
}

export const stepScaling: Section = {
  name: 'issue 14 targets',
  run: (): (Row | Table)[] => {
    if (typeof previous === 'string') {
      return [{ title: 'issue 14 targets: not measured', columns: ['why'], cells: [[previous]], notes: [] }];
    }
    const base = configNamed('default');
    const perNode: string[][] = [];
    const rows: Row[] = [];
    for (const size of sizes) {
      const config = size.nodes === base.nodes.length ? base : scaled(base, size.nodes);
      const steps = sampledSteps(config, size.stride);
      const passes = Math.ceil(nodeStepsPerRound / (steps.length * config.nodes.length));
      for (const engine of ['immer', 'mutable'] as const) {
        const variants = [previous, current].map((version) => {
          const system: System = { config, algorithm: version.healing };
          const stepper = engine === 'immer' ? version.step : version.stepMutable;
          return {
            name: version.name,
            sample: () => {
              for (let pass = 0; pass < passes; pass++) for (const { state, event } of steps) stepper(system, state, event);
            },
          };
        });
        const compared = compare({
          group: `a step on default cloned to ${size.nodes} nodes, ${engine}, ${steps.length} states of the first ${trajectoryLength} script events, ${passes}× a round`,
          unit: 'node-steps/s',
          opsPerSample: passes * steps.length * config.nodes.length,
          variants,
          warmupRounds: 2,
          timedRounds: 5,
        });
        rows.push(...compared);
        perNode.push([
          String(size.nodes),
          engine,
          ...compared.map((r) => (1e9 / r.median).toFixed(0)),
          `${(compared[1] as Row).pairedRatio.toFixed(2)}×`,
        ]);
      }
    }
    return [...rows, perNodeTable(perNode), checkTable(previous), explorerTable(previous)];
  },
};

function perNodeTable(cells: string[][]): Table {
  const at = (nodes: string, engine: string) => Number(cells.find((c) => c[0] === nodes && c[1] === engine)?.[3]);
  const flat = (engine: string) => `${engine}: ${(at('4096', engine) / at('36', engine)).toFixed(2)}×`;
  return {
    title: "a step's cost per node (ns per node per step, medians)",
    columns: ['nodes', 'engine', `previous (${previousCommit})`, 'this version', 'speed-up (paired)'],
    cells,
    notes: [`cost per node at 4,096 nodes over that at 36 (target ≤ 1.3×): ${flat('immer')}, ${flat('mutable')}`],
  };
}

// 2. Whole check() runs, immer against mutable.

const checkRuns = 20;

function checkTable(previousVersion: Version): Table {
  const timings = (version: Version, engine: 'immer' | 'mutable') => () => {
    const preset = version.presets.default;
    if (preset === undefined) throw new Error('stormcheck bench: the default preset is missing');
    const result = version.check({ algorithm: version.healing, preset, properties: version.properties, runs: checkRuns, seed: 1, engine });
    if (result.status !== 'passed') throw new Error(`stormcheck bench: healing did not pass under ${version.name}, ${engine}`);
  };
  const rows = compare({
    group: 'check',
    unit: 'runs/s',
    opsPerSample: checkRuns,
    variants: [
      { name: 'this version, mutable', sample: timings(current, 'mutable') },
      { name: 'this version, immer', sample: timings(current, 'immer') },
      { name: `previous, mutable`, sample: timings(previousVersion, 'mutable') },
      { name: `previous, immer`, sample: timings(previousVersion, 'immer') },
    ],
    warmupRounds: 1,
    timedRounds: 5,
  });
  return {
    title: `whole check() runs: healing on default, every property, ${checkRuns} runs, seed 1 (medians of 5 interleaved rounds)`,
    columns: ['variant', 'runs/s', 'vs this version mutable (paired)'],
    cells: rows.map((r) => [r.variant, r.median.toFixed(0), `${r.pairedRatio.toFixed(2)}×`]),
    notes: [
      `immer against mutable (target ≥ 0.7×): this version ${(rows[1] as Row).pairedRatio.toFixed(2)}×, previous ${((rows[3] as Row).pairedRatio / (rows[2] as Row).pairedRatio).toFixed(2)}× (paired ratios)`,
    ],
  };
}

// 3. The explorer on tiny, one thread.

const explorerRounds = 3;

function explorerTable(previousVersion: Version): Table {
  const cells: string[][] = [];
  for (const [label, depthMax, select] of [
    // Depth 7 (265,819 states) for safety alone: at depth 5 a run was over in 0.15 s, mostly warm-up.
    ['safety only', 7, (ps: readonly Property[]) => ps.filter((p) => p.kind === 'safety')],
    ['every property', 5, (ps: readonly Property[]) => ps],
  ] as const) {
    const runs = [previousVersion, current].map(() => [] as ExploreResult<Event>[]);
    for (let round = 0; round < explorerRounds + 1; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) {
        const version = k === 0 ? previousVersion : current;
        const config = version.presets.tiny?.config as Config;
        const result = version.exploreSupernodes(
          { config, algorithm: version.healing },
          { properties: select(version.properties), depthMax },
        );
        if (round > 0) (runs[k] as ExploreResult<Event>[]).push(result);
      }
    }
    const [before, after] = runs as [ExploreResult<Event>[], ExploreResult<Event>[]];
    const rate = (rs: ExploreResult<Event>[]) => median(rs.map((r) => r.statesPerSecond));
    const paired = median(after.map((r, k) => r.statesPerSecond / (before[k] as ExploreResult<Event>).statesPerSecond));
    cells.push([
      label,
      String(depthMax),
      String(after[0]?.distinctStates),
      rate(before).toFixed(0),
      rate(after).toFixed(0),
      `${paired.toFixed(2)}×`,
      (after[0] as ExploreResult<Event>).bytesPerState.toFixed(1),
    ]);
  }
  return {
    title: `exploreSupernodes on tiny/healing, one thread (medians of ${explorerRounds} interleaved runs after one more)`,
    columns: ['properties', 'depth', 'states', `previous states/s`, 'this version states/s', 'speed-up (paired)', 'bytes/state'],
    cells,
    notes: ['target: ≥ 4× the previous version both ways; SPIN 6.5 does 0.40–0.65M states/s on the same model (issue 14)'],
  };
}
