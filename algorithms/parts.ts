import type { NetworkView, Random, Shedding, TickPlan } from '../model/algorithm.ts';
import { indicesOf } from '../model/config.ts';
import type { NodeIndex } from '../model/ids.ts';
import {
  childrenOf,
  effectiveCapacity,
  isOverloaded,
  isUsableSupernode,
  isWarming,
  meetsPromotionCriterion,
  supernodesIn,
  trueCapacity,
} from '../model/queries.ts';
import type { CapacityBelief, Json, NodeState, State } from '../model/state.ts';

/**
 * The building blocks of the built-in algorithms. `healing` is assembled from the sound version of
 * each; every seeded-bug variant swaps exactly one block for a defective one, so a counterexample
 * against a variant points at that block and nothing else.
 */

/**
 * A state with the fields a block reads node by node (the nodes, the clocks, the day's usage) read
 * once, for a block that reads the network many times and changes nothing: under immer the model's
 * view reads each field through a getter (draft.ts, `LiveView`), and the blocks' reads, seeing two
 * shapes of state, are not inlined. Without this class an immer step on 4,096 nodes took 1.6× as
 * long (measured 2026-12-03). Every other field is the state's own, read when asked for: the values
 * are the same. One class for views and plain states alike, so that the blocks' reads see one shape
 * of object whichever engine steps.
 */
class ReadOnce implements State {
  readonly nodes: State['nodes'];
  readonly clocks: State['clocks'];
  readonly usagePercent: number;
  private readonly source: State;
  constructor(of: State) {
    this.source = of;
    this.nodes = of.nodes;
    this.clocks = of.clocks;
    this.usagePercent = of.usagePercent;
  }
  get tick() {
    return this.source.tick;
  }
  get quietSince() {
    return this.source.quietSince;
  }
  get rng() {
    return this.source.rng;
  }
  get loginQueue() {
    return this.source.loginQueue;
  }
  get belief() {
    return this.source.belief;
  }
  get capacityAtPlan() {
    return this.source.capacityAtPlan;
  }
  get memory() {
    return this.source.memory;
  }
  get lastTick() {
    return this.source.lastTick;
  }
  get onlinePeakSinceQuiet() {
    return this.source.onlinePeakSinceQuiet;
  }
  get violation() {
    return this.source.violation;
  }
}

function readOnce(view: NetworkView): NetworkView {
  return { config: view.config, state: new ReadOnce(view.state) };
}

function nodeOf(view: NetworkView, i: NodeIndex): NodeState {
  return view.state.nodes[i] as NodeState;
}

/**
 * Probe the host cache and then a bootstrap node in turn, starting at a place that depends on the
 * node, so that the orphans of one supernode do not all probe the same entry. Within
 * `hostCacheMax + 1` attempts a node reaches a bootstrap, whose reply refreshes its host cache.
 */
export function chooseInRotation(view: NetworkView, i: NodeIndex): NodeIndex | null {
  const bootstraps = indicesOf(view.config, 'bootstrap');
  const node = nodeOf(view, i);
  // The bootstrap may be in the cache too (the initial cache is it alone: [0, 0]), and is then probed
  // on two attempts of the rotation: harmless, and what the incident reconstructions are calibrated on.
  const candidates = [...node.hostCache, bootstraps[i % Math.max(1, bootstraps.length)]].filter((c): c is NodeIndex => c !== undefined);
  if (candidates.length === 0) return null;
  return candidates[(node.attempt + i) % candidates.length] ?? null;
}

/** B4's probing: the host cache in order from its first entry, then the first bootstrap, for every node alike. */
export function chooseInOrder(view: NetworkView, i: NodeIndex): NodeIndex | null {
  const node = nodeOf(view, i);
  const fallback = indicesOf(view.config, 'bootstrap')[0];
  return node.hostCache[node.attempt] ?? fallback ?? null;
}

/** Admit while warm and below the capacity today's usage leaves. */
export function admitWithinCapacity(view: NetworkView, s: NodeIndex): boolean {
  return isUsableSupernode(view.state, s) && childrenOf(nodeOf(view, s)).length < effectiveCapacity(view.config, view.state, s);
}

/** Admit while warm and below the raw slot count, whatever the day's usage: not tuned for high load. */
export function admitByRawSlots(view: NetworkView, s: NodeIndex): boolean {
  return isUsableSupernode(view.state, s) && childrenOf(nodeOf(view, s)).length < (view.config.nodes[s]?.capacity ?? 0);
}

/**
 * Exponential backoff with "equal jitter" (AWS Architecture blog): half the capped exponential
 * delay, plus a random part up to the other half. Unlike full jitter it never retries at once,
 * so once the cap is reached every retry waits at least half of it (property L4).
 */
export function backoffWithJitter(view: NetworkView, attempt: number, random: Random): number {
  const { backoffBaseTicks, backoffCapTicks } = view.config;
  const ceiling = Math.min(backoffCapTicks, backoffBaseTicks * 2 ** Math.min(30, attempt - 1));
  const half = Math.ceil(ceiling / 2);
  return Math.max(1, half + random.int(ceiling - half + 1));
}

/** B4's retry: every tick, no backoff, no jitter. */
export function retryAtOnce(): number {
  return 1;
}

/**
 * The supernodes that admitted when last asked, for one list of `supernodesIn`: while that list is
 * the same object no supernode has gained room, so one found full stays out until the list changes.
 */
let open: { of: readonly NodeIndex[]; list: NodeIndex[] } | null = null;

/**
 * The usable supernodes with room, in random order and at most `hostCacheMax` of them: what a live
 * supernode tells a client that reaches it. A partial Fisher-Yates shuffle over the supernodes that
 * admitted when last asked: a pick found full since is dropped for good and the place drawn again,
 * so the pick is uniform over those with room now, and a tick's probes together scan the supernodes
 * once instead of each scanning them all.
 */
export function activeSupernodes(model: NetworkView, i: NodeIndex, random: Random): NodeIndex[] {
  const view = readOnce(model);
  const supernodes = supernodesIn(model);
  if (open?.of !== supernodes) open = { of: supernodes, list: supernodes.filter((s) => admitWithinCapacity(view, s)) };
  const list = open.list;
  const cache: NodeIndex[] = [];
  for (let k = 0; k < list.length && cache.length < view.config.hostCacheMax; ) {
    const left = list.length - k;
    const j = k + (left > 1 ? random.int(left) : 0);
    const s = list[j] as NodeIndex;
    list[j] = list[k] as NodeIndex;
    if (!admitWithinCapacity(view, s)) {
      list[k] = list[list.length - 1] as NodeIndex;
      list.pop();
      continue;
    }
    list[k] = s;
    k++;
    if (s !== i) cache.push(s);
  }
  return cache;
}

/** B4's host cache: the supernode just reached is added in front, and dead entries are never dropped. */
export function keepStaleCache(view: NetworkView, i: NodeIndex, s: NodeIndex): NodeIndex[] {
  const old = nodeOf(view, i).hostCache.filter((c) => c !== s);
  return [s, ...old].slice(0, view.config.hostCacheMax);
}

/** Ground truth: the capacity the network really has. */
export function exactBelief(view: NetworkView): { belief: CapacityBelief; memory: Json } {
  return { belief: trueCapacity(view.config, view.state), memory: null };
}

/**
 * B2's accounting: a supernode, once seen usable, stays counted with its capacity until it has not
 * been seen for `ghostTicks` ticks ("decremented lazily, only on a timeout", domain.md B2 [H]).
 * Memory is a list of `[node, ticksUnseen]`.
 */
export const ghostTicks = 1000;

export function lazyBelief(view: NetworkView, memory: Json): { belief: CapacityBelief; memory: Json } {
  const known = new Map<number, number>(Array.isArray(memory) ? (memory as [number, number][]) : []);
  for (const [s, unseen] of known) known.set(s, unseen + 1);
  for (let s = 0 as NodeIndex; s < view.state.nodes.length; s++) {
    if (isUsableSupernode(view.state, s)) known.set(s, 0);
  }
  let freeSlots = 0;
  const kept: [number, number][] = [];
  for (const [s, unseen] of [...known].sort((a, b) => a[0] - b[0])) {
    if (unseen > ghostTicks) continue;
    kept.push([s, unseen]);
    const capacity = effectiveCapacity(view.config, view.state, s as NodeIndex);
    const held = isUsableSupernode(view.state, s as NodeIndex) ? childrenOf(view.state.nodes[s] as NodeState).length : 0;
    freeSlots += Math.max(0, capacity - held);
  }
  return { belief: { supernodes: kept.length, freeSlots }, memory: kept };
}

export type Criterion = (view: NetworkView, i: NodeIndex) => boolean;

/** Promotion by the documented criterion: a public address and either uptime or long-run history. */
export const byUptimeOrHistory: Criterion = (view, i) => meetsPromotionCriterion(view.config, view.state, i);

/** B1's criterion: current uptime only, which no freshly rebooted machine has. */
export const byUptimeOnly: Criterion = (view, i) =>
  (view.config.nodes[i]?.isPublic ?? false) && (view.state.clocks.uptime[i] as number) >= view.config.uptimeMin;

/** How a plan relieves overloaded supernodes, knowing which nodes it promotes in the same tick. */
export type ShedPolicy = (view: NetworkView, promoted: readonly NodeIndex[]) => Shedding[];

/**
 * Overloaded supernodes drop their newest children down to their effective capacity, and no
 * further. Children promoted in the same plan leave anyway, so they count as already shed.
 */
export const dropExcess: ShedPolicy = (view, promoted) => {
  const out: Shedding[] = [];
  for (let s = 0 as NodeIndex; s < view.state.nodes.length; s++) {
    if (!isOverloaded(view.config, view.state, s)) continue;
    const children = childrenOf(nodeOf(view, s)).filter((c) => !promoted.includes(c));
    const keep = effectiveCapacity(view.config, view.state, s);
    if (children.length > keep) out.push({ kind: 'drop', supernode: s, children: children.slice(keep) });
  }
  return out;
};

/**
 * B3's protection: an overloaded user supernode takes itself offline ([D] 2010), loading the others.
 * Its load counts every probe and join that reached it, so the reconnect traffic of a crash or a
 * storm alone can trip it. The operator's nodes cannot shut down; they drop the excess.
 */
export const shutDownWhenOverloaded: ShedPolicy = (view, promoted) => {
  const out: Shedding[] = [];
  for (const s of indicesOf(view.config, 'user')) {
    const overloaded = nodeOf(view, s).role.kind === 'supernode' && isOverloaded(view.config, view.state, s);
    if (overloaded) out.push({ kind: 'shutdown', supernode: s });
  }
  return [...out, ...dropExcess(view, promoted).filter((d) => view.config.nodes[d.supernode]?.kind !== 'user')];
};

export interface PlanParts {
  readonly account: (view: NetworkView, memory: Json) => { belief: CapacityBelief; memory: Json };
  readonly criterion: Criterion;
  readonly shed: ShedPolicy;
}

/**
 * Promotion by need. The demand is every user looking for a supernode; the supply is the free slots
 * the algorithm believes in plus the capacity of supernodes still warming up (promoting for them
 * again would overshoot). Candidates go best first: already unattached, then larger capacity, then
 * lower index. A target of one supernode per `targetRatio` wanting users is kept as well.
 */
export function planByNeed(parts: PlanParts) {
  return (model: NetworkView, memory: Json): TickPlan => {
    const view = readOnce(model);
    const { belief, memory: next } = parts.account(view, memory);
    const { config, state } = view;
    const users = indicesOf(config, 'user');
    let waiting = 0;
    let wanting = 0;
    let supernodes = 0;
    let supply = belief.freeSlots;
    for (let s = 0 as NodeIndex; s < state.nodes.length; s++) {
      const node = nodeOf(view, s);
      if (node.role.kind === 'supernode') {
        supernodes++;
        if (isWarming(state, s)) supply += effectiveCapacity(config, state, s);
      }
    }
    for (const i of users) {
      const kind = nodeOf(view, i).role.kind;
      if (kind === 'connecting') waiting++;
      if (kind !== 'offline' && kind !== 'booting') wanting++;
    }
    const candidates = users
      .filter((i) => {
        const kind = nodeOf(view, i).role.kind;
        return (kind === 'connecting' || kind === 'ordinary') && parts.criterion(view, i);
      })
      .sort((a, b) => {
        const unattached = Number(nodeOf(view, b).role.kind === 'connecting') - Number(nodeOf(view, a).role.kind === 'connecting');
        return unattached || (config.nodes[b]?.capacity ?? 0) - (config.nodes[a]?.capacity ?? 0) || a - b;
      });
    const promote: NodeIndex[] = [];
    const target = Math.ceil(wanting / Math.max(1, config.targetRatio));
    for (const c of candidates) {
      if (supply >= waiting && supernodes >= target) break;
      promote.push(c);
      supernodes++;
      supply += effectiveCapacity(config, state, c);
      if (nodeOf(view, c).role.kind === 'connecting') waiting--;
      else supply++;
    }
    return { belief, promote, demote: [], shed: parts.shed(view, promote), memory: next };
  };
}
