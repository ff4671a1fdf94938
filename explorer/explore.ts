import { collisionProbability, fingerprintOf } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import type { ContinuationViolation, ExplorableModel } from './model.ts';
import type { ExploreResult, Limit, SearchStats } from './result.ts';
import { replayPath, TraceStore } from './traceStore.ts';

export interface ExploreOptions {
  /** Levels to expand: paths of up to `depthMax` actions are checked. */
  readonly depthMax?: number;
  /** Distinct states to find before stopping. */
  readonly statesMax?: number;
  /** Wall-clock budget in milliseconds. */
  readonly timeMaxMs?: number;
  /** Slots the visited set may grow to (a power of two, 8 bytes each): the memory limit. */
  readonly slotsMax?: number;
  /** The clock, in milliseconds; injectable so that a test can hit the time limit deterministically. */
  readonly now?: () => number;
  /** Called after each completed level with the numbers so far: for a progress display, never for output here. */
  readonly onLevel?: (stats: SearchStats) => void;
}

/** Every limit has a finite default: a search with no options still ends, in a typed result. */
export const exploreDefaults = {
  depthMax: 1_000,
  statesMax: 10_000_000,
  timeMaxMs: 10 * 60 * 1000,
  slotsMax: 1 << 26,
} as const;

interface Node<State> {
  readonly id: number;
  readonly state: State;
}

/** Why a level ended early: a violation with the id of the state it is about, or a limit. */
type Stop<State, Action> =
  | {
      readonly kind: 'violated';
      /** The id of the state the violation is about (for a transition, the state it left) and that state. */
      readonly at: number;
      readonly state: State;
      readonly depth: number;
      readonly found: ContinuationViolation<Action>;
      /** The action of the violating transition; null when the state or its continuation broke. */
      readonly via: Action | null;
    }
  | { readonly kind: 'limit'; readonly limit: Limit };

/**
 * Breadth-first search over every state reachable in `model`, level by level, after Stateright's
 * `bfs.rs` and TLC. Each level first checks every transition out of the previous level (on the
 * transition, so that properties of a step see `before`, the action and `after`), then each new
 * state's continuation, if the model has one. The first violation found is therefore at the
 * smallest depth: its trace is a shortest one, and among traces of that length, a transition that
 * breaks a property is reported before a continuation that does. Only the current frontier's states
 * are kept; earlier states live on as fingerprints and parent pointers.
 */
export function explore<State, Action>(model: ExplorableModel<State, Action>, options: ExploreOptions = {}): ExploreResult<Action> {
  const limits = { ...exploreDefaults, ...options };
  const now = options.now ?? (() => performance.now());
  const started = now();
  const visited = new FingerprintSet({ slotsMax: limits.slotsMax, slotsInitial: Math.min(1 << 12, limits.slotsMax) });
  const traces = new TraceStore();
  let transitions = 0;
  let depthDone = -1;

  const stats = (depth: number): SearchStats => {
    const elapsedMs = now() - started;
    const distinctStates = visited.count;
    return {
      distinctStates,
      transitions,
      depth,
      elapsedMs,
      statesPerSecond: Math.round(distinctStates / Math.max(elapsedMs / 1000, 1e-6)),
      visitedBytes: visited.bytes,
      traceBytes: traces.bytes,
      bytesPerState: distinctStates === 0 ? 0 : (visited.bytes + traces.bytes) / distinctStates,
      collisionProbability: collisionProbability(distinctStates),
    };
  };
  const outOfTime = () => now() - started > limits.timeMaxMs;

  /** Adds a state to the visited set: its id if it is new, null if known, or the limit it hit. */
  const discover = (state: State, parent: number, action: number): number | null | Limit => {
    const fingerprint = fingerprintOf(model.key(state));
    if (visited.count >= limits.statesMax) return visited.has(fingerprint) ? null : 'states';
    const outcome = visited.add(fingerprint);
    if (outcome === 'present') return null;
    if (outcome === 'full') return 'memory';
    return traces.add(parent, action);
  };

  /** Checks the continuation of every state in `level`, in this thread or, when the model can, elsewhere. */
  const continueAll = (level: readonly Node<State>[], depth: number): Stop<State, Action> | null => {
    if (model.continuation === undefined) return null;
    if (model.continueBatch !== undefined) {
      const first = model.continueBatch(
        level.map((node) => node.state),
        outOfTime,
      );
      if (first === null) return null;
      if (first === 'time') return { kind: 'limit', limit: 'time' };
      const { id, state } = level[first.index] as Node<State>;
      return { kind: 'violated', at: id, state, depth, found: first.found, via: null };
    }
    for (const { id, state } of level) {
      if (outOfTime()) return { kind: 'limit', limit: 'time' };
      const found = model.continuation(state);
      if (found !== null) return { kind: 'violated', at: id, state, depth, found, via: null };
    }
    return null;
  };

  /** The initial states: level 0. */
  const start = (): { level: Node<State>[]; stop: Stop<State, Action> | null } => {
    const level: Node<State>[] = [];
    const initial = model.initialStates();
    for (let k = 0; k < initial.length; k++) {
      const state = initial[k] as State;
      const id = discover(state, -1, k);
      if (typeof id === 'string') return { level, stop: { kind: 'limit', limit: id } };
      if (id === null) continue;
      const broken = firstBroken(model, state, null, null);
      if (broken !== null) return { level, stop: { kind: 'violated', at: id, state, depth: 0, found: broken, via: null } };
      level.push({ id, state });
    }
    return { level, stop: continueAll(level, 0) };
  };

  /** Expands `frontier` (at depth `depthDone`) into the next level. */
  const expand = (frontier: readonly Node<State>[]): { level: Node<State>[]; stop: Stop<State, Action> | null } => {
    const level: Node<State>[] = [];
    const depth = depthDone + 1;
    for (const { id, state } of frontier) {
      const actions = model.actions(state);
      for (let k = 0; k < actions.length; k++) {
        if (outOfTime()) return { level, stop: { kind: 'limit', limit: 'time' } };
        const action = actions[k] as Action;
        const after = model.next(state, action);
        transitions++;
        const broken = firstBroken(model, after, state, action);
        if (broken !== null) return { level, stop: { kind: 'violated', at: id, state, depth, found: broken, via: action } };
        const child = discover(after, id, k);
        if (typeof child === 'string') return { level, stop: { kind: 'limit', limit: child } };
        if (child !== null) level.push({ id: child, state: after });
      }
    }
    return { level, stop: continueAll(level, depth) };
  };

  const finish = (stop: Stop<State, Action>): ExploreResult<Action> => {
    if (stop.kind === 'limit') return { status: 'limitReached', limit: stop.limit, ...stats(depthDone) };
    const path = traces.path(stop.at);
    const { actions } = replayPath(model, path, JSON.stringify(model.key(stop.state)));
    const trace = stop.via === null ? actions : [...actions, stop.via];
    const { property, message, actions: continuation } = stop.found;
    return { status: 'violated', property, message, trace, continuation: stop.via === null ? continuation : [], ...stats(stop.depth) };
  };

  let { level, stop } = start();
  if (stop !== null) return finish(stop);
  depthDone = 0;
  while (level.length > 0) {
    if (depthDone >= limits.depthMax) return finish({ kind: 'limit', limit: 'depth' });
    ({ level, stop } = expand(level));
    if (stop !== null) return finish(stop);
    depthDone++;
    options.onLevel?.(stats(depthDone));
  }
  return { status: 'passed', ...stats(depthDone - 1) };
}

/** The first of the model's properties that the step to `after` breaks, as a violation with no continuation. */
function firstBroken<State, Action>(
  model: ExplorableModel<State, Action>,
  after: State,
  before: State | null,
  action: Action | null,
): ContinuationViolation<Action> | null {
  for (const property of model.properties) {
    const message = property.check(after, before, action);
    if (message !== null) return { property: property.name, message, actions: [] };
  }
  return null;
}
