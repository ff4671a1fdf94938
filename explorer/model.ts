import type { Codec } from './level.ts';

/**
 * A model's steps decided otherwise when done again: a replayed path reached another state, or a
 * step's draws changed bound. The model is the one broken (its `actions` or `next` is not a function
 * of the state); for the supernode model, that is the algorithm under test reading a clock,
 * Math.random or state outside its memory, which the command line reports as the user's error.
 */
export class NotDeterministic extends Error {
  override readonly name = 'NotDeterministic';
}

/**
 * The one contract the breadth-first explorer depends on, after Stateright's `Model` trait: a model
 * is its initial states, the actions enabled in a state, a pure next-state function, a canonical
 * key, and the properties to check on every transition. The Die Hard jugs (`dieHard.ts`) and the
 * supernode network (`supernodeModel.ts`) both implement it, so the search is tested on a textbook
 * answer apart from the model it exists for.
 */

/**
 * A state's identity for deduplication: a string, or 32-bit integers (a packed state's key words).
 * Two states with the same key must have the same future and the same verdicts; that is the
 * model's promise, and the search's soundness rests on it.
 */
export type StateKey = string | ArrayLike<number>;

/** An invariant checked on every transition; `before` and `action` are null for an initial state. */
export interface ModelProperty<State, Action> {
  readonly name: string;
  /**
   * The check reads `after` alone. The search then checks it once per distinct state, when the
   * state is first reached, as TLC checks an invariant, instead of on every transition into it: two
   * states with one key have the same verdicts, so a state reached again cannot break it when its
   * first arrival did not. The first violation found is the same.
   */
  readonly stateOnly?: boolean;
  /** null when it holds; otherwise what broke, in one sentence. */
  check(after: State, before: State | null, action: Action | null): string | null;
}

/** A property broken on a deterministic continuation of a state (see `ExplorableModel.continuation`). */
export interface ContinuationViolation<Action> {
  readonly property: string;
  readonly message: string;
  /** The continuation's actions from the state, up to and including the one after which it broke. */
  readonly actions: readonly Action[];
}

export interface ExplorableModel<State, Action> {
  readonly name: string;
  initialStates(): readonly State[];
  /**
   * The actions enabled in `state`, in an order that depends on `state` alone: a trace is stored as
   * action indices into this list and rebuilt by calling it again, so the order must not vary
   * between calls (no iteration over anything unordered, no clock, no randomness).
   */
  actions(state: State): readonly Action[];
  /** Pure: never changes `state`. */
  next(state: State, action: Action): State;
  /** Canonical: equal for states that the model treats as the same (see `StateKey`). */
  key(state: State): StateKey;
  describeAction(action: Action): string;
  /**
   * Optional: how to pack a state into words and back (level.ts). With it, the search keeps each
   * level packed and decodes a state when it expands it; `decode(encode(s))` must step, check and
   * key as `s` does.
   */
  readonly codec?: Codec<State>;
  readonly properties: readonly ModelProperty<State, Action>[];
  /**
   * Optional. A deterministic run from `state` that is checked but not explored, such as the
   * supernode model's quiet phase: liveness with a bound becomes a safety check on one suffix per
   * state. Its states are neither deduplicated nor counted. Called once for every distinct state.
   * It asks `outOfTime` as it goes, when given, and answers 'time' once that says so: one state's
   * continuation may be long, and the search's time limit and heartbeat must not wait for it.
   */
  continuation?(state: State, outOfTime?: () => boolean): ContinuationViolation<Action> | null | 'time';
}
