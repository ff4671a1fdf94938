import type { NetworkView } from './algorithm.ts';
import { type Config, indicesOf } from './config.ts';
import type { NodeIndex } from './ids.ts';
import type { CapacityBelief, NodeState, Role, State } from './state.ts';

/**
 * Derived quantities over a state. The model, the built-in algorithms and the properties all read
 * the network through these, so that "usable", "online" and "optimal" mean one thing everywhere.
 */

/** Children a node can serve at today's usage: its capacity scaled down by the day's traffic. */
export function effectiveCapacity(config: Config, state: State, i: NodeIndex): number {
  return Math.floor(((config.nodes[i]?.capacity ?? 0) * 100) / state.usagePercent);
}

/** The client is running and part of the network (not offline, not booting). */
export function isRunning(role: Role): boolean {
  return role.kind !== 'offline' && role.kind !== 'booting';
}

/** A supernode past its warm-up: the only kind that should accept children. */
export function isUsableSupernode(state: State, i: NodeIndex): boolean {
  return state.nodes[i]?.role.kind === 'supernode' && state.clocks.roleTicks[i] === 0;
}

/** A supernode still warming up. */
export function isWarming(state: State, i: NodeIndex): boolean {
  return state.nodes[i]?.role.kind === 'supernode' && (state.clocks.roleTicks[i] as number) > 0;
}

/** The view asked for last and its list: a step's probes ask for its one view's, one after another. */
let last: { view: NetworkView; list: readonly NodeIndex[] } | null = null;

/**
 * The supernodes of the view's state, warming up or not, in index order. The list of the view asked
 * for last is kept until a node of that view enters or leaves the role or a supernode may have
 * gained room (`forgetSupernodes`), so the probes of a tick share one list instead of each scanning
 * the network. A step makes one view, so one list is all a step asks for; another view's is worked
 * out afresh. While the list is the same object, no supernode has gained room in between: a block
 * that learns which supernodes are full can keep that knowledge keyed on the list (`activeSupernodes`).
 */
export function supernodesIn(view: NetworkView): readonly NodeIndex[] {
  if (last?.view === view) return last.list;
  const list: NodeIndex[] = [];
  const nodes = view.state.nodes;
  for (let i = 0 as NodeIndex; i < nodes.length; i++) if (nodes[i]?.role.kind === 'supernode') list.push(i);
  last = { view, list };
  return list;
}

/**
 * Called when a node of the view's state enters or leaves the supernode role, and whenever a
 * supernode may have gained room: a child leaves, its warm-up ends, the day's usage changes.
 */
export function forgetSupernodes(view: NetworkView): void {
  if (last?.view === view) last = null;
}

/** The users serving as supernodes, warming up or not, in index order: what a crash's ordinals count. */
export function userSupernodes(config: Config, state: State): NodeIndex[] {
  return indicesOf(config, 'user').filter((i) => (state.nodes[i] as NodeState).role.kind === 'supernode');
}

/** The children of a node that is no supernode: one frozen list, not a new one on every call. */
const noChildren: readonly NodeIndex[] = Object.freeze([]);

export function childrenOf(node: NodeState): readonly NodeIndex[] {
  return node.role.kind === 'supernode' ? node.role.children : noChildren;
}

/**
 * The work asked of a supernode in the current tick, in percent of one child's traffic on a normal
 * day: each child at the day's usage, plus every probe that reached it and every client it admitted.
 * Above `workLimit` it is overloaded: that is the load an algorithm sees and reacts to.
 */
export function workPercent(state: State, i: NodeIndex): number {
  return childrenOf(state.nodes[i] as NodeState).length * state.usagePercent + (state.clocks.signalling[i] as number);
}

/** The most work a supernode can do in a tick, in the same unit: its capacity times `shedHighPercent`. */
export function workLimit(config: Config, i: NodeIndex): number {
  return (config.nodes[i]?.capacity ?? 0) * config.shedHighPercent;
}

/** Load of a supernode in percent of its capacity: its work (children, probes, joins) over its capacity. */
export function loadPercent(config: Config, state: State, i: NodeIndex): number {
  const capacity = config.nodes[i]?.capacity ?? 0;
  return capacity === 0 ? 0 : Math.floor(workPercent(state, i) / capacity);
}

/** Whether a supernode has more work this tick than it can do: then some of its children go unserved. */
export function isOverloaded(config: Config, state: State, i: NodeIndex): boolean {
  return workPercent(state, i) > workLimit(config, i);
}

/**
 * How many of a supernode's children it serves this tick: its established sessions come first, in
 * the order they were admitted, each at the day's usage, up to its work limit. The rest get no
 * service in this tick, whatever the algorithm then does about it. Probes are answered only with
 * the work left over (`answersProbe`), so a flood of them fails the clients that send them, not the
 * ones already served.
 */
export function servedSlots(config: Config, state: State, i: NodeIndex): number {
  return Math.floor(workLimit(config, i) / state.usagePercent);
}

/** Whether supernode `s` has the work left this tick to answer one more probe. */
export function answersProbe(config: Config, state: State, s: NodeIndex): boolean {
  return workPercent(state, s) + config.probeCostPercent <= workLimit(config, s);
}

/** The children of supernode `s` that get no service this tick: those past `servedSlots`, in admission order. */
export function unservedChildren(config: Config, state: State, s: NodeIndex): readonly NodeIndex[] {
  const children = childrenOf(state.nodes[s] as NodeState);
  const served = servedSlots(config, state, s);
  return served >= children.length ? [] : children.slice(served);
}

/** Whether user `i` is online: a supernode, or an ordinary node its parent serves this tick. */
export function isServed(config: Config, state: State, i: NodeIndex): boolean {
  const role = (state.nodes[i] as NodeState).role;
  if (role.kind === 'supernode') return true;
  if (role.kind !== 'ordinary') return false;
  return childrenOf(state.nodes[role.parent] as NodeState).indexOf(i) < servedSlots(config, state, role.parent);
}

/** The ground truth S5 compares the algorithm's belief with: usable supernodes and their free slots. */
export function trueCapacity(config: Config, state: State): CapacityBelief {
  let supernodes = 0;
  let freeSlots = 0;
  for (let i = 0 as NodeIndex; i < state.nodes.length; i++) {
    if (!isUsableSupernode(state, i)) continue;
    supernodes++;
    freeSlots += Math.max(0, effectiveCapacity(config, state, i) - childrenOf(state.nodes[i] as NodeState).length);
  }
  return { supernodes, freeSlots };
}

/**
 * The promotion policy's criterion ([D] Kaufman: public address and uptime; [H] history, after
 * Gnutella's uptime heuristic and Bremler-Barr & Goldschmidt's multi-session supernodes).
 */
export function meetsPromotionCriterion(config: Config, state: State, i: NodeIndex): boolean {
  const { uptime, history } = state.clocks;
  return (config.nodes[i]?.isPublic ?? false) && ((uptime[i] as number) >= config.uptimeMin || (history[i] as number) >= config.historyMin);
}

/** Counts of user nodes by what they are doing: the numbers reports and healing properties use. */
export interface Census {
  /** Users whose client is wanted online and whose machine is not booting. */
  readonly wanting: number;
  /** Users online: user supernodes, and ordinary nodes whose parent serves them this tick. */
  readonly online: number;
  /** Ordinary users attached to a supernode too overloaded to serve them this tick. */
  readonly unserved: number;
  readonly supernodes: number;
  readonly connecting: number;
  readonly awaitingLogin: number;
  readonly booting: number;
}

export function census(config: Config, state: State): Census {
  let wanting = 0;
  let supernodes = 0;
  let ordinary = 0;
  let unserved = 0;
  let connecting = 0;
  let awaitingLogin = 0;
  let booting = 0;
  for (let i = 0; i < state.nodes.length; i++) {
    const node = state.nodes[i] as NodeState;
    const kind = node.role.kind;
    if (kind === 'supernode') unserved += unservedUsers(config, state, i as NodeIndex, node.role.children);
    if (config.nodes[i]?.kind !== 'user') continue;
    if (kind === 'booting') booting++;
    else if (node.wantsOnline) wanting++;
    if (kind === 'ordinary') ordinary++;
    if (kind === 'supernode') supernodes++;
    if (kind === 'connecting') connecting++;
    if (kind === 'awaitingLogin') awaitingLogin++;
  }
  return { wanting, online: supernodes + ordinary - unserved, unserved, supernodes, connecting, awaitingLogin, booting };
}

/** Ordinary user children of `s` past the ones it serves this tick. */
function unservedUsers(config: Config, state: State, s: NodeIndex, children: readonly NodeIndex[]): number {
  const served = servedSlots(config, state, s);
  let count = 0;
  for (let k = served; k < children.length; k++) {
    const child = children[k] as NodeIndex;
    if (config.nodes[child]?.kind === 'user' && state.nodes[child]?.role.kind === 'ordinary') count++;
  }
  return count;
}

/**
 * Users who could serve as supernodes by long-run history alone (domain.md §4.5 `E_hist`). History
 * only grows during the quiet phase and saturates within `historyMin` ticks, so unlike uptime it
 * cannot lag behind a bound; the healing properties measure against it for that reason.
 */
export function isHistoricallyEligible(config: Config, state: State, i: NodeIndex): boolean {
  return (config.nodes[i]?.isPublic ?? false) && (state.clocks.history[i] as number) >= config.historyMin;
}

/**
 * The oracle of the differential property (domain.md §4.5 `Opt`): how many users a centralized
 * allocator would have online with the same machines, once warm-up has passed. Every historically
 * eligible user counts as online itself and serves its effective capacity; the operator's nodes
 * serve theirs. Nodes eligible by uptime alone are left out, so this is a lower bound on what a
 * correct allocator reaches.
 */
export function optimalOnline(config: Config, state: State): number {
  let wanting = 0;
  let seats = 0;
  for (let i = 0; i < state.nodes.length; i++) {
    const node = state.nodes[i] as NodeState;
    const spec = config.nodes[i];
    if (spec === undefined || !node.wantsOnline || !isRunning(node.role)) continue;
    const capacity = effectiveCapacity(config, state, i as NodeIndex);
    if (spec.kind !== 'user') {
      seats += capacity;
      continue;
    }
    wanting++;
    if (isHistoricallyEligible(config, state, i as NodeIndex)) seats += 1 + capacity;
  }
  return Math.min(wanting, seats);
}
