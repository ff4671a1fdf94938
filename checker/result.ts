import type { Config, Event, NodeIndex } from '../model/index.ts';
import type { Conditions } from '../properties/conditions.ts';
import type { Draws } from '../properties/draws.ts';

/**
 * A counterexample as durable data: everything needed to replay it by folding `step` over `events`
 * from the initial state of `config`, with no reference to how it was generated.
 */
export interface Counterexample {
  readonly algorithm: string;
  readonly config: Config;
  readonly property: string;
  /** Ticks of the settle phase before `events` (0: a cold start); see properties/run.ts. */
  readonly settleTicks: number;
  /** The number of events after the settle phase after which the property broke: always `events.length`. */
  readonly step: number;
  readonly message: string;
  readonly nodes: readonly NodeIndex[];
  readonly events: readonly Event[];
  /** The random choices each event's step took (properties/draws.ts): replay takes them, whatever the stream says. */
  readonly draws: Draws;
  /** Which kinds of event the violation needs (properties/conditions.ts), worked out where the algorithm is at hand. */
  readonly conditions: Conditions;
}

/** How a failure was reduced: fast-check's own shrinker, then `shrinkHarder`. */
export interface ShrinkReport {
  /** Events in the trace fast-check's shrinker ended with. */
  readonly fastCheckLength: number;
  /** Events in the final trace. */
  readonly finalLength: number;
  /** Events before the `quiet` event in fast-check's trace: what shrinking is about (the quiet ticks are as many as the bound needs). */
  readonly fastCheckDisruptionEvents: number;
  /** Replays the extra shrinking tried. */
  readonly attempts: number;
  /** True when it stopped at its attempt limit, or at the check's time limit, rather than at a fixpoint. */
  readonly limitReached: boolean;
}

/** What a run of `check` covered, whatever its outcome. */
export interface Coverage {
  readonly seed: number;
  /** Runs executed before the outcome was known (up to the failure, or all of them). */
  readonly runs: number;
  /** Model steps in those runs: the machine-independent measure of effort. */
  readonly steps: number;
  readonly elapsedMs: number;
  /**
   * For each selected healing property, in how many of those runs its premise was in force at some
   * step. A property at 0 was not exercised: the search says nothing about it, and reports say so.
   */
  readonly exercised: Readonly<Record<string, number>>;
}

export type CheckResult =
  | ({ readonly status: 'passed' } & Coverage)
  | ({
      readonly status: 'violated';
      readonly counterexample: Counterexample;
      readonly shrink: ShrinkReport;
      /** The failing run (0-based); its own seed is `runSeed(seed, run)`. */
      readonly run: number;
      /** fast-check's own replay handle (seed and path), kept as metadata only: it breaks when arbitraries change. */
      readonly fastCheckSeed: number;
      readonly fastCheckPath: string;
    } & Coverage)
  | ({ readonly status: 'limitReached'; readonly limit: 'time'; readonly runsPlanned: number } & Coverage);
