import type { Config, Event, NodeIndex, State, TickCounters } from '../model/index.ts';

/**
 * `safety`: must hold after every step, whatever the clock says: it never reads the tick or the
 * quiet clock (the explorer relies on it, explorer/quietSuffix.ts, and a test checks it).
 * `healing`: must hold once the quiet phase has lasted the property's bound; before that it is
 * vacuous. Both are checked after every step by every strategy (random search, exhaustive search,
 * replay), so a property is one function, not two.
 * `settling`: judged once, on the state the settle phase ends in (properties/run.ts).
 */
export type PropertyKind = 'safety' | 'healing' | 'settling';

/**
 * What a property judges. `outcome`: what users get (served, recovered, no relapse, as many as the
 * machines allow): the verdict rests on these. `invariant`: the model's bookkeeping and the
 * algorithm's contract, which no correct run breaks. `lint`: a rule about a mechanism (back off this
 * long, never shut down), useful for diagnosis, off unless asked for by name: a correct algorithm
 * may break it for good reasons.
 */
export type PropertyFamily = 'outcome' | 'invariant' | 'lint';

/** One step of a run, as a property sees it. `before` and `event` are null for the initial state. */
export interface Observation {
  readonly config: Config;
  readonly before: State | null;
  readonly event: Event | null;
  readonly after: State;
  /** Set on the one observation of the state a settle phase ended in (properties/run.ts). */
  readonly settled?: true;
}

/** What broke, in one sentence, and the nodes involved so that a report can point at them. */
export interface Violation {
  readonly message: string;
  readonly nodes: readonly NodeIndex[];
}

/** A healing property's bound: ticks of quiet after which it must hold, as a formula of the config. */
export interface Bound {
  readonly formula: string;
  ticks(config: Config): number;
}

/**
 * Fields of `State` that no transition reads and no built-in algorithm reads: the last tick's
 * counters (reset when each tick begins), and the belief of the last plan beside the true capacity
 * at that moment (S5's history variables). Only properties read them.
 */
export type HistoryField = keyof TickCounters | 'belief' | 'capacityAtPlan';

export interface Property {
  /** Stable: counterexample files, the CLI and the suites name a property by it. */
  readonly name: string;
  /** The invariant's label in domain.md §4.4–4.5 (S1–S9, L1–L6) or C0 for the algorithm contract. */
  readonly label: string;
  readonly kind: PropertyKind;
  readonly family: PropertyFamily;
  /** What it means, in one line. */
  readonly meaning: string;
  /** Why it matters: the incident or the paper behind it. */
  readonly why: string;
  /** Healing properties only. */
  readonly bound: Bound | null;
  /**
   * The history fields of the state it reads (`HistoryField`): those that record what happened and
   * change nothing that follows. The explorer keys a state on them only when a selected property
   * reads them (explorer/stateCodec.ts), and a test scrambles the others to show the verdict stays.
   */
  readonly readsHistory?: readonly HistoryField[];
  /**
   * The check reads the step (`before` or `event`), not only the state after it. The explorer
   * checks every other property once per distinct state (explorer/model.ts, `stateOnly`), and a
   * test shows that none of them reads the step.
   */
  readonly readsStep?: true;
  /** null when the property holds on this step. */
  check(observation: Observation): Violation | null;
  /**
   * Healing properties: whether the property's premise holds on this step, so that it is really
   * judging something (its bound reached, and any condition it needs). A search in which it never
   * was reports it as not exercised, never as passed.
   */
  inForce?(observation: Observation): boolean;
}

export function violation(message: string, nodes: readonly NodeIndex[] = []): Violation {
  return { message, nodes };
}

/** Ticks the quiet phase has lasted, or -1 before it begins. */
export function quietTicks(state: State): number {
  return state.quietSince < 0 ? -1 : state.tick - state.quietSince;
}

/** Whether a healing property with this bound is in force in `state`. */
export function boundReached(config: Config, state: State, bound: Bound): boolean {
  const elapsed = quietTicks(state);
  return elapsed >= 0 && elapsed >= bound.ticks(config);
}
