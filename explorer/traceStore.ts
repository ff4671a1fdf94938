import type { ExplorableModel } from './model.ts';

/**
 * Parent pointers for every distinct state, in two growing typed arrays: the state it was first
 * reached from and the index of the action, so that a trace costs 8 bytes per state and the
 * states themselves can be dropped once their level is expanded (Stateright stores paths the same
 * way). An initial state has parent -1 and, as its "action", its index among the initial states.
 */
export class TraceStore {
  private parents = new Int32Array(1 << 12);
  private actions = new Uint32Array(1 << 12);
  private stored = 0;

  get count(): number {
    return this.stored;
  }

  get bytes(): number {
    return this.parents.byteLength + this.actions.byteLength;
  }

  /** Records a state reached from `parent` by its `action`-th action; returns the new state's id. */
  add(parent: number, action: number): number {
    if (this.stored === this.parents.length) {
      const parents = new Int32Array(this.parents.length * 2);
      const actions = new Uint32Array(this.actions.length * 2);
      parents.set(this.parents);
      actions.set(this.actions);
      this.parents = parents;
      this.actions = actions;
    }
    this.parents[this.stored] = parent;
    this.actions[this.stored] = action;
    return this.stored++;
  }

  /** The indices from the initial state to `id`: the initial state's index, then one action index per step. */
  path(id: number): number[] {
    const out: number[] = [];
    for (let at = id; at >= 0; at = this.parents[at] as number) out.push(this.actions[at] as number);
    return out.reverse();
  }
}

/**
 * Rebuilds the actions of a path by replaying it, as Stateright's `Path::from_fingerprints` does.
 * If the model's `actions` were not deterministic the replay would reach another state; `expected`,
 * the key the search saw at the end, turns that into an error that says so.
 */
export function replayPath<State, Action>(
  model: ExplorableModel<State, Action>,
  path: readonly number[],
  expected: string,
): { readonly actions: Action[]; readonly state: State } {
  const [first, ...rest] = path;
  let state = model.initialStates()[first ?? -1];
  if (state === undefined) throw new Error(`stormcheck internal error: no initial state ${first} of ${model.name}`);
  const actions: Action[] = [];
  for (const index of rest) {
    const action = model.actions(state)[index];
    if (action === undefined) throw new Error(divergence(model.name, actions.length));
    actions.push(action);
    state = model.next(state, action);
  }
  if (JSON.stringify(model.key(state)) !== expected) throw new Error(divergence(model.name, actions.length));
  return { actions, state };
}

function divergence(name: string, steps: number): string {
  return (
    `stormcheck internal error: replaying a path of ${name} diverged after ${steps} actions. The model's ` +
    '`actions` or `next` is not a deterministic function of the state: it may read a clock, ' +
    'Math.random or state outside the model, or list actions in an order that varies between calls.'
  );
}
