import type { AllocationAlgorithm, NetworkView, TickPlan } from './algorithm.ts';
import type { Config, NodeSpec } from './config.ts';
import type { System } from './draft.ts';
import type { NodeIndex } from './ids.ts';
import { nodeIndex } from './ids.ts';
import type { Json, NodeState, Role, State } from './state.ts';
import { noCounters } from './state.ts';

/**
 * Builders for the model's unit tests: a five-node network small enough that every expected state
 * is written out by hand, and a stub algorithm whose every answer is obvious. Used only by tests,
 * but kept pure like the rest of `model/` (the purity test reads this file too).
 */

/** The five nodes, by role in the test network: one bootstrap, three users, one mega slot. */
export const B = nodeIndex(0);
export const U1 = nodeIndex(1);
export const U2 = nodeIndex(2);
export const U3 = nodeIndex(3);
export const M = nodeIndex(4);

const specs: readonly NodeSpec[] = [
  { kind: 'bootstrap', isPublic: true, capacity: 2, uptimeInitial: 0, historyInitial: 0, wantsOnlineInitial: true },
  { kind: 'user', isPublic: true, capacity: 2, uptimeInitial: 5, historyInitial: 3, wantsOnlineInitial: true },
  { kind: 'user', isPublic: true, capacity: 1, uptimeInitial: 0, historyInitial: 0, wantsOnlineInitial: true },
  { kind: 'user', isPublic: false, capacity: 1, uptimeInitial: 0, historyInitial: 0, wantsOnlineInitial: false },
  { kind: 'mega', isPublic: true, capacity: 4, uptimeInitial: 0, historyInitial: 0, wantsOnlineInitial: false },
];

/** B, U1 (public, capacity 2), U2 (public, capacity 1), U3 (behind NAT), M; every parameter explicit. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    name: 'unit',
    nodes: specs,
    hostCacheMax: 2,
    uptimeMin: 5,
    historyMin: 3,
    bootTicks: 2,
    restartTicks: 1,
    warmupTicks: 2,
    loginRate: 1,
    loginTimeoutTicks: 2,
    backoffBaseTicks: 1,
    backoffCapTicks: 4,
    shedHighPercent: 150,
    probeCostPercent: 0,
    joinCostPercent: 0,
    targetRatio: 2,
    seed: 1,
    ...overrides,
  };
}

export const offline: Role = { kind: 'offline' };
export const connecting: Role = { kind: 'connecting' };

/** A node's entries in `State.clocks`, which the tests write beside the node they belong to. */
export interface NodeClocks {
  readonly uptime: number;
  readonly history: number;
  readonly retryTicks: number;
  readonly roleTicks: number;
  readonly rebootInTicks: number;
  readonly signalling: number;
}

/**
 * A node as a test writes it: what it does and its clocks side by side, so that an expected state
 * reads one node per line; `testState` splits the clocks out into their arrays.
 */
export type TestNode = NodeState & NodeClocks;

/** A role together with the ticks left in it (`Clocks.roleTicks`): the part of a node a timed role sets. */
export interface TimedRole {
  readonly role: Role;
  readonly roleTicks: number;
}

/** The machine rebooting for `roleTicks` more ticks, or with `machine` false only its client restarting. */
export function booting(roleTicks: number, machine = true): TimedRole {
  return { role: { kind: 'booting', machine }, roleTicks };
}

export function awaiting(supernode: NodeIndex, roleTicks: number): TimedRole {
  return { role: { kind: 'awaitingLogin', supernode }, roleTicks };
}

export function ordinary(parent: NodeIndex): Role {
  return { kind: 'ordinary', parent };
}

/** A warm supernode. */
export function supernode(children: readonly NodeIndex[]): Role {
  return { kind: 'supernode', children };
}

/** A supernode still warming up for `roleTicks` more ticks. */
export function warming(children: readonly NodeIndex[], roleTicks: number): TimedRole {
  return { role: supernode(children), roleTicks };
}

/** A node with every counter at rest; it wants to be online unless it is offline. */
export function node(role: Role | TimedRole, fields: Partial<TestNode> = {}): TestNode {
  const timed: TimedRole = 'kind' in role ? { role, roleTicks: 0 } : role;
  return {
    role: timed.role,
    wantsOnline: timed.role.kind !== 'offline',
    hostCache: [],
    attempt: 0,
    retryDelay: 0,
    uptime: 0,
    history: 0,
    retryTicks: 0,
    roleTicks: timed.roleTicks,
    rebootInTicks: -1,
    signalling: 0,
    ...fields,
  };
}

/** A node whose uptime and history are at `testConfig`'s saturation points, so a tick leaves them be. */
export function saturated(role: Role | TimedRole, fields: Partial<TestNode> = {}): TestNode {
  return node(role, { uptime: 5, history: 3, ...fields });
}

/** The nodes and clocks of a state, from nodes written the tests' way. */
export function fromTestNodes(nodes: readonly TestNode[]): Pick<State, 'nodes' | 'clocks'> {
  return {
    nodes: nodes.map(({ role, wantsOnline, hostCache, attempt, retryDelay }) => ({ role, wantsOnline, hostCache, attempt, retryDelay })),
    clocks: {
      uptime: nodes.map((n) => n.uptime),
      history: nodes.map((n) => n.history),
      retryTicks: nodes.map((n) => n.retryTicks),
      roleTicks: nodes.map((n) => n.roleTicks),
      rebootInTicks: nodes.map((n) => n.rebootInTicks),
      signalling: nodes.map((n) => n.signalling),
    },
  };
}

/** The nodes of `state`, each with its clocks beside it: the inverse of `fromTestNodes`. */
export function testNodesOf(state: State): TestNode[] {
  const { uptime, history, retryTicks, roleTicks, rebootInTicks, signalling } = state.clocks;
  return state.nodes.map((n, i) => ({
    ...n,
    uptime: uptime[i] as number,
    history: history[i] as number,
    retryTicks: retryTicks[i] as number,
    roleTicks: roleTicks[i] as number,
    rebootInTicks: rebootInTicks[i] as number,
    signalling: signalling[i] as number,
  }));
}

/** `state` with node `i` changed by `patch`, clocks included; every other field stays as it was. */
export function withNode(state: State, i: NodeIndex, patch: Partial<TestNode>): State {
  return { ...state, ...fromTestNodes(testNodesOf(state).map((n, k) => (k === i ? { ...n, ...patch } : n))) };
}

/** A state at tick 0, normal usage, not yet quiet, belief and capacity at plan zero, no violation. */
export function testState(nodes: readonly TestNode[], fields: Partial<State> = {}): State {
  return {
    tick: 0,
    usagePercent: 100,
    quietSince: -1,
    rng: 1,
    ...fromTestNodes(nodes),
    loginQueue: [],
    belief: { supernodes: 0, freeSlots: 0 },
    capacityAtPlan: { supernodes: 0, freeSlots: 0 },
    memory: null,
    lastTick: noCounters,
    onlinePeakSinceQuiet: 0,
    violation: null,
    ...fields,
  };
}

/** A plan that changes nothing and believes in nothing, so the state's belief stays at zero. */
export function idlePlan(fields: Partial<TickPlan> = {}): TickPlan {
  return { belief: { supernodes: 0, freeSlots: 0 }, promote: [], demote: [], shed: [], memory: null, ...fields };
}

/**
 * An algorithm whose answers are computable at a glance and never touch the random stream: probe
 * the first host-cache entry (else the bootstrap), admit everyone, wait `attempt + 1` ticks (capped),
 * remember only the supernode just reached, and plan nothing. Tests override one method at a time.
 */
export function stubAlgorithm(overrides: Partial<AllocationAlgorithm> = {}): AllocationAlgorithm {
  return {
    name: 'stub',
    description: 'A deterministic stub for unit tests.',
    initialMemory: () => null,
    chooseSupernode: (view: NetworkView, i: NodeIndex) => view.state.nodes[i]?.hostCache[0] ?? B,
    admit: () => true,
    retryDelay: (view: NetworkView, _i: NodeIndex, attempt: number) => Math.min(view.config.backoffCapTicks, attempt + 1),
    refreshHostCache: (_view: NetworkView, _i: NodeIndex, s: NodeIndex) => [s],
    plan: (_view: NetworkView, memory: Json) => idlePlan({ memory }),
    ...overrides,
  };
}

export function testSystem(overrides: Partial<AllocationAlgorithm> = {}, config: Config = testConfig()): System {
  return { config, algorithm: stubAlgorithm(overrides) };
}

/** The bootstrap B serves U1 and U2, both awaiting login: U1 is served this tick, U2's wait runs out in it. */
export function loginTimingOut(): State {
  return testState(
    [
      saturated(supernode([U1, U2])),
      saturated(awaiting(B, 2)),
      saturated(awaiting(B, 1), { attempt: 1, retryDelay: 2 }),
      node(offline, { uptime: 5 }),
      node(offline, { uptime: 5 }),
    ],
    { loginQueue: [U1, U2] },
  );
}
