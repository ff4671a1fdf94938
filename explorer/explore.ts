import { ChoiceLimit } from './choices.ts';
import { collisionProbability, type Fingerprint } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import { type Level, levelsOf, PackedLevel } from './level.ts';
import type { ContinuationViolation, ExplorableModel } from './model.ts';
import type { ExploreResult, Limit, SearchStats } from './result.ts';
import { SearchWorkers, type WorkerModel } from './searchWorkers.ts';
import { replayPath, TraceStore } from './traceStore.ts';

export interface ExploreOptions {
  /** Levels to expand: paths of up to `depthMax` actions are checked. */
  readonly depthMax?: number;
  /** Distinct states to find before stopping. */
  readonly statesMax?: number;
  /** Wall-clock budget in milliseconds. */
  readonly timeMaxMs?: number;
  /**
   * Work to do at most, counted in this thread: one unit before every transition, every
   * continuation and every step of a quiet phase. Unlike time, the same on any machine, so that a
   * search that must give one answer everywhere (the conditions search) stops at the same place.
   */
  readonly workMax?: number;
  /**
   * Bytes the visited set may grow to: the memory limit. It holds about 9 to 11 bytes a state, and
   * the parent pointers add about 5 more, which `statesMax` bounds.
   */
  readonly visitedBytesMax?: number;
  /** The clock, in milliseconds; injectable so that a test can hit the time limit deterministically. */
  readonly now?: () => number;
  /** Called after each completed level with the numbers so far: for a progress display, never for output here. */
  readonly onLevel?: (stats: SearchStats) => void;
  /**
   * A sign of life for a watchdog (cli/runInWorker.ts), with the depth being searched: called at
   * once when the search reaches a new depth and then at most every `heartbeatEveryMs` while it
   * advances. It is not called while a call into the model has yet to return, which is how a
   * watchdog tells an algorithm that loops forever from a long search.
   */
  readonly onHeartbeat?: (depth: number) => void;
  /**
   * Threads that check each level's continuations (searchWorkers.ts), the one part of a search
   * that pays for a thread: 1, the default, checks them in this thread. With more, the verdict,
   * counts and trace are the same, and only the time differs. Needs `workerModel`, a model with a
   * continuation and a codec (a level crosses as its packed words); without them the search runs
   * in this thread alone. The transitions are always made here: on worker threads they gained
   * nothing (bench/explorer.ts).
   */
  readonly workers?: number;
  /** How each worker thread builds the same model. */
  readonly workerModel?: WorkerModel;
}

/** How often, at most, `onHeartbeat` is called within a depth: a watchdog needs a few a second, not thousands. */
const heartbeatEveryMs = 200;

/** Every limit has a finite default: a search with no options still ends, in a typed result. */
export const exploreDefaults = {
  depthMax: 1_000,
  statesMax: 10_000_000,
  timeMaxMs: 10 * 60 * 1000,
  workMax: Number.POSITIVE_INFINITY,
  visitedBytesMax: 2 ** 29,
} as const;

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
  const workers = options.workers ?? 1;
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new Error(`stormcheck internal error: workers must be a positive integer, not ${workers}`);
  const pool =
    workers > 1 && options.workerModel !== undefined && model.codec !== undefined && model.continuation !== undefined
      ? new SearchWorkers(options.workerModel, workers)
      : null;
  try {
    return search(model, options, pool);
  } finally {
    pool?.close();
  }
}

/** The search `explore` describes, with each level's continuations sent to `pool` when there is one. */
function search<State, Action>(
  model: ExplorableModel<State, Action>,
  options: ExploreOptions,
  pool: SearchWorkers | null,
): ExploreResult<Action> {
  const limits = { ...exploreDefaults, ...options };
  const now = options.now ?? (() => performance.now());
  const started = now();
  const visited = new FingerprintSet({ bytesMax: limits.visitedBytesMax });
  const levels = levelsOf(model);
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
  let beaten = { at: Number.NEGATIVE_INFINITY, depth: -1 };
  const beat = (at: number): void => {
    const depth = depthDone + 1;
    if (options.onHeartbeat === undefined || (depth === beaten.depth && at - beaten.at < heartbeatEveryMs)) return;
    beaten = { at, depth };
    options.onHeartbeat(depth);
  };
  const pastTimeMax = (at: number) => at - started > limits.timeMaxMs;
  let work = 0;
  let outOfWork = false;
  // Asked before every transition and every continuation checked here: the one clock reading serves
  // both the time limit and the heartbeat, and each asking is one unit of work.
  const outOfTime = () => {
    const at = now();
    beat(at);
    if (++work > limits.workMax) outOfWork = true;
    return outOfWork || pastTimeMax(at);
  };

  /** Adds a state to the visited set: its id if it is new, null if known, or the limit it hit. */
  const discover = (state: State, parent: number, action: number): number | null | Limit =>
    discoverFingerprint(levels.fingerprint(state), parent, action);
  const discoverFingerprint = (fingerprint: Fingerprint, parent: number, action: number): number | null | Limit => {
    if (visited.count >= limits.statesMax) return visited.has(fingerprint) ? null : 'states';
    const outcome = visited.add(fingerprint);
    if (outcome === 'present') return null;
    if (outcome === 'full') return 'memory';
    return traces.add(parent, action);
  };

  /** Checks the continuation of every state in `level`, on the workers when the search has them. */
  const continueAll = (level: Level<State>, depth: number): Stop<State, Action> | null => {
    if (model.continuation === undefined) return null;
    if (pool !== null && level instanceof PackedLevel) {
      // While the workers check the batch this thread only waits and reads the clock, which is
      // no sign of life: it beats only when the batch reports that it advanced, so that a
      // continuation that never returns silences it.
      const first = pool.firstBroken<Action>(
        level.packed(),
        () => pastTimeMax(now()),
        () => beat(now()),
      );
      if (first === null) return null;
      if (first === 'time') return { kind: 'limit', limit: 'time' };
      return { kind: 'violated', at: level.id(first.index), state: level.state(first.index), depth, found: first.found, via: null };
    }
    for (let k = 0; k < level.length; k++) {
      if (outOfTime()) return { kind: 'limit', limit: 'time' };
      const state = level.state(k);
      const found = model.continuation(state, outOfTime);
      if (found === 'time') return { kind: 'limit', limit: 'time' };
      if (found !== null) return { kind: 'violated', at: level.id(k), state, depth, found, via: null };
    }
    return null;
  };

  /** The initial states: level 0. */
  const start = (): { level: Level<State>; stop: Stop<State, Action> | null } => {
    const level = levels.empty();
    const initial = model.initialStates();
    for (let k = 0; k < initial.length; k++) {
      const state = initial[k] as State;
      const id = discover(state, -1, k);
      if (typeof id === 'string') return { level, stop: { kind: 'limit', limit: id } };
      if (id === null) continue;
      const broken = firstBroken(model, state, null, null);
      if (broken !== null) return { level, stop: { kind: 'violated', at: id, state, depth: 0, found: broken, via: null } };
      level.push(id, state);
    }
    return { level, stop: continueAll(level, 0) };
  };

  /** Expands `frontier` (at depth `depthDone`) into the next level, made in `spare`'s memory when given. */
  const expand = (frontier: Level<State>, spare?: Level<State>): { level: Level<State>; stop: Stop<State, Action> | null } => {
    const level = levels.empty(spare);
    const depth = depthDone + 1;
    for (let j = 0; j < frontier.length; j++) {
      const id = frontier.id(j);
      const state = frontier.state(j);
      const actions = model.actions(state);
      for (let k = 0; k < actions.length; k++) {
        if (outOfTime()) return { level, stop: { kind: 'limit', limit: 'time' } };
        const action = actions[k] as Action;
        const after = model.next(state, action);
        transitions++;
        const fingerprint = levels.fingerprint(after);
        const reached = visited.has(fingerprint);
        const broken = firstBroken(model, after, state, action, reached);
        if (broken !== null) return { level, stop: { kind: 'violated', at: id, state, depth, found: broken, via: action } };
        if (reached) continue;
        const child = discoverFingerprint(fingerprint, id, k);
        if (typeof child === 'string') return { level, stop: { kind: 'limit', limit: child } };
        if (child !== null) level.push(child, after);
      }
    }
    return { level, stop: continueAll(level, depth) };
  };

  const finish = (stop: Stop<State, Action>): ExploreResult<Action> => {
    // `outOfTime` answers for both budgets, and every place it stops a level says 'time': which one ran out is known here.
    if (stop.kind === 'limit')
      return { status: 'limitReached', limit: stop.limit === 'time' && outOfWork ? 'work' : stop.limit, ...stats(depthDone) };
    const path = traces.path(stop.at);
    const { actions } = replayPath(model, path, JSON.stringify(model.key(stop.state)));
    const trace = stop.via === null ? actions : [...actions, stop.via];
    const { property, message, actions: continuation } = stop.found;
    return { status: 'violated', property, message, trace, continuation: stop.via === null ? continuation : [], ...stats(stop.depth) };
  };

  /** A level made, or the 'choices' limit when one of its steps has too many resolutions of its random choices to enumerate. */
  const made = (make: () => { level: Level<State>; stop: Stop<State, Action> | null }) => {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof ChoiceLimit)) throw error;
      return { level: levels.empty(), stop: { kind: 'limit', limit: 'choices' } as const };
    }
  };

  let { level, stop } = made(start);
  if (stop !== null) return finish(stop);
  depthDone = 0;
  // The level expanded last: read no more once the next is made, so that one is made in its memory.
  let spare: Level<State> | undefined;
  while (level.length > 0) {
    if (depthDone >= limits.depthMax) return finish({ kind: 'limit', limit: 'depth' });
    const frontier = level;
    ({ level, stop } = made(() => expand(frontier, spare)));
    spare = frontier;
    if (stop !== null) return finish(stop);
    depthDone++;
    options.onLevel?.(stats(depthDone));
  }
  return { status: 'passed', ...stats(depthDone - 1) };
}

/**
 * The first of the model's properties that the step to `after` breaks, as a violation with no
 * continuation; `reached`: the search has reached a state with `after`'s key before, so the
 * properties that read the state alone are not asked again (`ModelProperty.stateOnly`).
 */
function firstBroken<State, Action>(
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
