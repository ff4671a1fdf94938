import fc from 'fast-check';
import { searchedConditions } from '../explorer/conditionsSearch.ts';
import { NotDeterministic } from '../explorer/model.ts';
import { type AllocationAlgorithm, type Preset, type System, step, stepMutable } from '../model/index.ts';
import { mixRng } from '../model/random.ts';
import { type Conditions, type ConditionsInput, necessaryConditions } from '../properties/conditions.ts';
import { drawsOf } from '../properties/draws.ts';
import type { Property } from '../properties/property.ts';
import { PropertyFailure, phasesOf, type Run, type Start, type Stepper, settledState, settleTicksFor } from '../properties/run.ts';
import { contract } from '../properties/safety.ts';
import { TimeUp, timed } from './deadline.ts';
import { type KindWeights, uniformWeights, weightedEvent, weightsArbitrary } from './eventArbitraries.ts';
import { EventCommand } from './eventCommand.ts';
import { playCase } from './play.ts';
import type { CheckResult } from './result.ts';
import { shrinkHarder } from './shrink.ts';
import { knobsArbitrary, rangesOf, type SwarmKnobs, swarmConfig } from './swarm.ts';

export interface CheckOptions {
  readonly algorithm: AllocationAlgorithm;
  readonly preset: Preset;
  readonly properties: readonly Property[];
  readonly runs: number;
  readonly seed: number;
  /** Draw each run's network from the preset's ranges (default), or run on the preset's network as it is. */
  readonly network?: 'swarm' | 'preset';
  /** Draw each run's weights of event kinds (default), or choose uniformly among kinds at every step. */
  readonly weights?: 'swarm' | 'uniform';
  /** Start every run from the network settled under the algorithm (default) or from a cold start. */
  readonly start?: Start;
  /** Step with immer's `step` (default: states are frozen, so an algorithm cannot corrupt them) or `stepMutable`. */
  readonly engine?: 'immer' | 'mutable';
  /** Events in a run's disruption phase, at most; the quiet phase comes on top. */
  readonly disruptionsMax?: number;
  /**
   * Stop with `limitReached` after this long, checked at every step of a run; a failure found before
   * it is still reported, shrunk as far as the time allowed. Without it the check is bounded by `runs` alone.
   */
  readonly timeLimitMs?: number;
  /**
   * How far to shrink a failure: fast-check's shrinker and then `shrinkHarder` ('full', the
   * default); fast-check's alone ('fastCheck', for the benchmark that measures what ours adds); or
   * not at all ('none'), reporting the failure as the run found it, for callers that only need to
   * know whether, and which property, a run breaks (`stormcheck diff` counting the runs past the
   * one it shrinks).
   */
  readonly shrink?: 'full' | 'fastCheck' | 'none';
  /** Only this shard's share of the runs; see `Shard`. */
  readonly shard?: Shard;
  /** Called after every run with the number of runs done so far. */
  readonly onProgress?: (runsDone: number) => void;
  /** Called whenever a case has been played or a shrinking candidate tried: a sign of life for a watchdog. */
  readonly onHeartbeat?: () => void;
}

export const disruptionsDefault = 40;

/** One generated case: the network's knobs (null without swarm) and the disruption phase. */
type Case = readonly [SwarmKnobs | null, Iterable<fc.Command<Run, unknown>>];

/**
 * fast-check's `fc.commands`, drawn after the run's network and event weights: the weights must be
 * known before the commands are, hence `chain`. Its shrinker keeps the knobs while it shrinks the
 * commands (and regenerates them when it shrinks the knobs), which is why every failure then goes
 * through `shrinkHarder`, working on the plain event list where `chain` cannot reach.
 */
function caseArbitrary(options: CheckOptions): fc.Arbitrary<Case> {
  const commandsOf = (weights: KindWeights) =>
    fc.commands([weightedEvent(weights).map((e) => new EventCommand(e))], {
      maxCommands: options.disruptionsMax ?? disruptionsDefault,
      size: 'max',
    });
  const knobs = options.network === 'preset' ? fc.constant(null) : knobsArbitrary(rangesOf(options.preset.config));
  const weights = options.weights === 'uniform' ? fc.constant(uniformWeights) : weightsArbitrary;
  return fc.record({ knobs, weights }).chain(({ knobs, weights }) => fc.tuple(fc.constant<SwarmKnobs | null>(knobs), commandsOf(weights)));
}

function stepperOf(options: CheckOptions): Stepper {
  return options.engine === 'mutable' ? stepMutable : step;
}

function systemFor(options: CheckOptions, knobs: SwarmKnobs | null): System {
  const config = knobs === null ? options.preset.config : swarmConfig(options.preset.config, knobs);
  return { config, algorithm: options.algorithm };
}

/**
 * The model is deterministic, so a failure that does not replay is the algorithm's doing: it keeps
 * state outside its memory, reads a clock, or draws from `Math.random`. A user's error, reported as such.
 */
export class NondeterministicAlgorithm extends Error {
  override readonly name = 'NondeterministicAlgorithm';
}

/** Which of `runs` runs a shard takes: run r belongs to shard `1 + r mod count`. */
export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/**
 * The seed of run `r`: each run is seeded on its own, so that any subset of runs (a shard) can be
 * run anywhere and finds exactly what it would have found as part of the whole budget.
 */
export function runSeed(seed: number, r: number): number {
  return mixRng((seed + Math.imul(r + 1, 0x9e3779b9)) >>> 0);
}

/**
 * The one programmatic entry point of random exploration: fast-check generates two-phase runs
 * (disruptions, then quiet), every selected property is checked after every step, and a failure is
 * shrunk by fast-check and then by `shrinkHarder`. Runs go in order and stop at the first failure,
 * so the result is a function of the options alone, unless `timeLimitMs` cuts it short (then it
 * says so). Nothing here prints; see the reporters.
 */
export function check(requested: CheckOptions): CheckResult {
  const started = performance.now();
  // The contract is not a property one may leave out: a decision the model refused would otherwise
  // pass silently. It is always checked, first.
  const options = { ...requested, properties: [contract, ...requested.properties.filter((p) => p !== contract)] };
  const shard = options.shard ?? { index: 1, count: 1 };
  const arbitrary = caseArbitrary(options);
  // Effort until the first failure, in runs and model steps; shrinking runs are not counted.
  let steps = 0;
  let runs = 0;
  let counting = true;
  const exercised: Record<string, number> = Object.fromEntries(
    options.properties.filter((p) => p.kind === 'healing').map((p) => [p.name, 0]),
  );
  // The limit is checked at every step of every run (deadline.ts), and between runs.
  const { timeLimitMs } = options;
  const pastLimit = timeLimitMs === undefined ? null : () => performance.now() - started > timeLimitMs;
  const stepper = timed(stepperOf(options), pastLimit);
  let timedOut = false;
  const property = fc.property(arbitrary, ([knobs, commands]) => {
    // Past the limit every case passes at once, so that fast-check's shrinking, too, ends there.
    if (timedOut) return;
    const system = systemFor(options, knobs);
    let played: ReturnType<typeof playCase>;
    try {
      played = playCase(system, options.properties, settleTicksFor(options.start, system, stepper), commands, stepper);
    } catch (error) {
      if (!(error instanceof TimeUp)) throw error;
      timedOut = true;
      return;
    }
    options.onHeartbeat?.();
    if (counting) {
      steps += played.settleTicks + played.events.length;
      for (const name of played.exercised) exercised[name] = (exercised[name] ?? 0) + 1;
    }
    if (played.failure === null) return;
    counting = false;
    throw played.failure;
  });
  const elapsed = () => Math.round(performance.now() - started);
  const timeUp = (): CheckResult => ({
    status: 'limitReached',
    limit: 'time',
    runsPlanned: options.runs,
    seed: options.seed,
    runs,
    steps,
    elapsedMs: elapsed(),
    exercised,
  });
  for (let r = shard.index - 1; r < options.runs; r += shard.count) {
    if (pastLimit?.() === true) return timeUp();
    const details = fc.check(property, { numRuns: 1, seed: runSeed(options.seed, r), endOnFailure: options.shrink === 'none' });
    // A failure found before the limit is kept, however far its shrinking got; a run the limit cut is not counted.
    if (details.failed) return violated(options, details, { run: r, runs: runs + 1, steps, started, exercised, stepper });
    if (timedOut) return timeUp();
    runs++;
    options.onProgress?.(runs);
  }
  return { status: 'passed', seed: options.seed, runs, steps, elapsedMs: elapsed(), exercised };
}

function violated(
  options: CheckOptions,
  details: fc.RunDetails<[Case]>,
  effort: {
    readonly run: number;
    readonly runs: number;
    readonly steps: number;
    readonly started: number;
    readonly exercised: Readonly<Record<string, number>>;
    /** The check's stepper, which ends a shrinking candidate at the time limit. */
    readonly stepper: Stepper;
  },
): CheckResult {
  if (!(details.errorInstance instanceof PropertyFailure) || details.counterexample === null) {
    throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  }
  const [knobs, commands] = details.counterexample[0];
  const system = systemFor(options, knobs);
  const decoded = playCase(system, options.properties, settleTicksFor(options.start, system), commands, stepperOf(options));
  if (decoded.failure === null) {
    throw new NondeterministicAlgorithm(
      `algorithm ${options.algorithm.name} is not deterministic: run ${effort.run} of seed ${options.seed} failed, but passes when replayed (does it read a clock, Math.random, or keep state outside its memory?)`,
    );
  }
  const shrunk =
    (options.shrink ?? 'full') !== 'full'
      ? {
          knobs,
          config: system.config,
          settleTicks: decoded.settleTicks,
          events: decoded.events,
          failure: decoded.failure,
          attempts: 0,
          limitReached: false,
        }
      : shrinkHarder(
          {
            algorithm: options.algorithm,
            base: options.preset.config,
            knobs,
            ranges: rangesOf(options.preset.config),
            start: options.start ?? 'settled',
            events: decoded.events,
            failure: decoded.failure,
            stepper: effort.stepper,
          },
          options.properties,
          options.onHeartbeat,
        );
  const shrunkSystem = { config: shrunk.config, algorithm: options.algorithm };
  return {
    status: 'violated',
    seed: options.seed,
    runs: effort.runs,
    steps: effort.steps,
    elapsedMs: Math.round(performance.now() - effort.started),
    exercised: effort.exercised,
    run: effort.run,
    fastCheckSeed: details.seed,
    fastCheckPath: details.counterexamplePath ?? '',
    shrink: {
      fastCheckLength: decoded.events.length,
      fastCheckDisruptionEvents: phasesOf(decoded.events).disruption.length,
      finalLength: shrunk.events.length,
      attempts: shrunk.attempts,
      limitReached: shrunk.limitReached,
    },
    counterexample: {
      algorithm: options.algorithm.name,
      config: shrunk.config,
      settleTicks: shrunk.settleTicks,
      property: shrunk.failure.property.name,
      step: shrunk.failure.step,
      message: shrunk.failure.violation.message,
      nodes: shrunk.failure.violation.nodes,
      events: shrunk.events,
      // The choices the seed's stream made along the trace, so that its replay makes them too.
      draws: drawsOf(shrunkSystem, settledState(shrunkSystem, shrunk.settleTicks), shrunk.events),
      // The search behind each needed kind is left out of a run that is not shrunk: only its verdict is wanted.
      conditions: conditionsOf(options, {
        config: shrunk.config,
        algorithm: options.algorithm,
        property: shrunk.failure.property,
        settleTicks: shrunk.settleTicks,
        events: shrunk.events,
      }),
    },
  };
}

/**
 * The counterexample's necessary conditions. The search behind them (explorer/conditionsSearch.ts)
 * replays the paths it keeps and each step's choices, and says when a replay decided otherwise: the
 * algorithm's nondeterminism, which a clock or Math.random shows here only now and then, reported
 * as the replay of the run above reports it.
 */
function conditionsOf(options: CheckOptions, input: ConditionsInput): Conditions {
  try {
    return (options.shrink === 'none' ? necessaryConditions : searchedConditions)(input);
  } catch (error) {
    if (!(error instanceof NotDeterministic)) throw error;
    throw new NondeterministicAlgorithm(
      `algorithm ${options.algorithm.name} is not deterministic: the search for its counterexample's conditions replayed a path it had found, and the algorithm decided otherwise (does it read a clock, Math.random, or keep state outside its memory?)`,
    );
  }
}
