import { levelsOf, type PackedStates } from './level.ts';
import type { ContinuationViolation, ExplorableModel } from './model.ts';

/**
 * Every transition out of a run of packed states, as the breadth-first search would make them, in
 * the same order (state by state, action by action), but without the visited set: each successor
 * with its parent, its action, its fingerprint and its words. Which successors are new is decided
 * afterwards, in order, by the thread that holds the visited set (`explore`), so that a search
 * whose levels are expanded in chunks on several threads finds the same states, in the same order,
 * with the same ids, as a search on one.
 */
export interface Expansion {
  /** The index in the level of the run's first state: `parents` count from it. */
  readonly from: number;
  /** Successors listed; the transition that broke a property, if any, is not among them. */
  readonly count: number;
  /** For successor s: the index of its parent in the run, and the index of its action in `actions(parent)`. */
  readonly parents: Int32Array;
  readonly actions: Int32Array;
  /** For successor s: its fingerprint's high and low words at 2s and 2s + 1. */
  readonly fingerprints: Uint32Array;
  readonly states: PackedStates;
  /** The first transition that broke a property: the expansion ends there, as the search does. */
  readonly broken: {
    readonly parent: number;
    readonly action: number;
    readonly found: ContinuationViolation<unknown>;
  } | null;
  /** Set when `stopAt` cut the run short: the caller does not need the rest. */
  readonly stopped: boolean;
}

/**
 * Expands `run` (states `from` to `to` of a packed level). `stopAt(k)` is asked before each state,
 * with its index in the level, and ends the expansion early when it answers true: another chunk has
 * already found a broken transition earlier in the level, or the search is out of time.
 */
export function expandChunk<State, Action>(
  model: ExplorableModel<State, Action>,
  run: PackedStates,
  from: number,
  to: number,
  stopAt: (k: number) => boolean,
): Expansion {
  const { codec } = model;
  const levels = levelsOf(model);
  if (codec === undefined || levels.kind !== 'packed') {
    throw new Error(`stormcheck internal error: ${model.name} has no codec to expand packed states with`);
  }
  const out = levels.empty();
  const parents: number[] = [];
  const actionIndices: number[] = [];
  const fingerprints: number[] = [];
  const finish = (broken: Expansion['broken'], stopped: boolean): Expansion => ({
    from,
    count: parents.length,
    parents: Int32Array.from(parents),
    actions: Int32Array.from(actionIndices),
    fingerprints: Uint32Array.from(fingerprints),
    states: out.packed(),
    broken,
    stopped,
  });
  for (let k = from; k < to; k++) {
    if (stopAt(k)) return finish(null, true);
    const state = codec.decode(run.words, run.starts[k] as number, run.starts[k + 1] as number);
    const actions = model.actions(state);
    for (let a = 0; a < actions.length; a++) {
      const action = actions[a] as Action;
      const after = model.next(state, action);
      const found = firstBroken(model, after, state, action);
      if (found !== null) return finish({ parent: k - from, action: a, found }, false);
      const { hi, lo } = levels.fingerprint(after);
      parents.push(k - from);
      actionIndices.push(a);
      fingerprints.push(hi, lo);
      out.push(parents.length - 1, after);
    }
  }
  return finish(null, false);
}

/**
 * The first of the model's properties that the step to `after` breaks, as a violation with no
 * continuation; `reached`: the search has reached a state with `after`'s key before, so the
 * properties that read the state alone are not asked again (`ModelProperty.stateOnly`).
 */
export function firstBroken<State, Action>(
  model: ExplorableModel<State, Action>,
  after: State,
  before: State | null,
  action: Action | null,
  reached = false,
): ContinuationViolation<Action> | null {
  for (const property of model.properties) {
    if (reached && property.stateOnly === true) continue;
    const message = property.check(after, before, action);
    if (message !== null) return { property: property.name, message, actions: [] };
  }
  return null;
}
