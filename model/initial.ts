import type { AllocationAlgorithm } from './algorithm.ts';
import type { Config, NodeSpec } from './config.ts';
import { indicesOf } from './config.ts';
import type { NodeIndex } from './ids.ts';
import { trueCapacity } from './queries.ts';
import type { NodeState, Role, State } from './state.ts';
import { noCounters } from './state.ts';

function initialRole(spec: NodeSpec): Role {
  if (spec.kind === 'bootstrap') return { kind: 'supernode', children: [] };
  return spec.kind === 'user' && spec.wantsOnlineInitial ? { kind: 'connecting' } : { kind: 'offline' };
}

/**
 * The network at tick 0: a cold start. The bootstrap supernodes are up and warm; every user who
 * wants to be online is connecting, with the bootstrap list as its host cache ([D] first login
 * initialises the host cache with the hard-coded bootstrap pairs); mega slots are not deployed.
 * Starting cold makes the first ticks a login flood, which is itself a healing test.
 */
export function initialState(config: Config, algorithm: AllocationAlgorithm): State {
  const bootstraps = indicesOf(config, 'bootstrap').slice(0, config.hostCacheMax);
  const nodes: NodeState[] = config.nodes.map((spec) => ({
    role: initialRole(spec),
    wantsOnline: spec.kind === 'bootstrap' || (spec.kind === 'user' && spec.wantsOnlineInitial),
    hostCache: spec.kind === 'user' ? [...bootstraps] : ([] as NodeIndex[]),
    attempt: 0,
    retryDelay: 0,
  }));
  const zeros = () => config.nodes.map(() => 0);
  const state: State = {
    tick: 0,
    usagePercent: 100,
    quietSince: -1,
    rng: config.seed >>> 0,
    nodes,
    clocks: {
      uptime: config.nodes.map((spec) => Math.min(config.uptimeMin, spec.uptimeInitial)),
      history: config.nodes.map((spec) => Math.min(config.historyMin, spec.historyInitial)),
      retryTicks: zeros(),
      roleTicks: zeros(),
      rebootInTicks: config.nodes.map(() => -1),
      signalling: zeros(),
    },
    loginQueue: [],
    belief: { supernodes: 0, freeSlots: 0 },
    capacityAtPlan: { supernodes: 0, freeSlots: 0 },
    memory: algorithm.initialMemory(config),
    lastTick: noCounters,
    onlinePeakSinceQuiet: 0,
    violation: null,
  };
  const capacity = trueCapacity(config, state);
  return { ...state, belief: capacity, capacityAtPlan: capacity };
}
