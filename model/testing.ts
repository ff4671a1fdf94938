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
    shedLowPercent: 100,
    targetRatio: 2,
    seed: 1,
    ...overrides,
  };
}

export const offline: Role = { kind: 'offline' };
export const connecting: Role = { kind: 'connecting' };

export function booting(remainingTicks: number): Role {
  return { kind: 'booting', remainingTicks };
}

export function awaiting(supernode: NodeIndex, remainingTicks: number): Role {
  return { kind: 'awaitingLogin', supernode, remainingTicks };
}

export function ordinary(parent: NodeIndex): Role {
  return { kind: 'ordinary', parent };
}

export function supernode(children: readonly NodeIndex[], warmupTicks = 0): Role {
  return { kind: 'supernode', children, warmupTicks };
}

/** A node with every counter at rest; it wants to be online unless it is offline. */
export function node(role: Role, fields: Partial<NodeState> = {}): NodeState {
  return {
    role,
    uptime: 0,
    history: 0,
    wantsOnline: role.kind !== 'offline',
    hostCache: [],
    attempt: 0,
    retryTicks: 0,
    retryDelay: 0,
    rebootInTicks: -1,
    ...fields,
  };
}

/** A node whose uptime and history are at `testConfig`'s saturation points, so a tick leaves them be. */
export function saturated(role: Role, fields: Partial<NodeState> = {}): NodeState {
  return node(role, { uptime: 5, history: 3, ...fields });
}

/** A state at tick 0, normal usage, not yet quiet, belief and capacity at plan zero, no violation. */
export function testState(nodes: readonly NodeState[], fields: Partial<State> = {}): State {
  return {
    tick: 0,
    usagePercent: 100,
    quietSince: -1,
    rng: 1,
    nodes,
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
