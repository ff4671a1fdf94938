import {
  type Config,
  childrenOf,
  indicesOf,
  isWarming,
  meetsPromotionCriterion,
  type NodeIndex,
  type NodeState,
  type State,
} from '../model/index.ts';
import { type Property, type Violation, violation } from './property.ts';

/**
 * The safety invariants of domain.md §4.4, checked after every step. Each scans the state for the
 * first offending node and names it; none of them reads the algorithm, only the network it left.
 */

function forEachNode(state: State, visit: (node: NodeState, i: NodeIndex) => Violation | null): Violation | null {
  for (let i = 0; i < state.nodes.length; i++) {
    const found = visit(state.nodes[i] as NodeState, i as NodeIndex);
    if (found !== null) return found;
  }
  return null;
}

function parentOf(node: NodeState): NodeIndex | null {
  if (node.role.kind === 'ordinary') return node.role.parent;
  if (node.role.kind === 'awaitingLogin') return node.role.supernode;
  return null;
}

export const contract: Property = {
  name: 'contract',
  label: 'C0',
  kind: 'safety',
  family: 'invariant',
  meaning: 'Every decision of the algorithm is one the model can apply (see model/contract.ts).',
  why: 'An invalid decision is a bug in the algorithm under test, found like any other, with a trace.',
  bound: null,
  check: ({ after }) =>
    after.violation === null
      ? null
      : violation(`${after.violation.rule} at tick ${after.violation.tick}: ${after.violation.message}`, after.violation.nodes),
};

export const parentChild: Property = {
  name: 'parent-child',
  label: 'S1',
  kind: 'safety',
  family: 'invariant',
  meaning: "A node's parent is an up supernode that lists it as a child, and every child points back.",
  why: 'A client attached to a dead or unaware supernode is offline while the network counts it online.',
  bound: null,
  check: ({ after }) =>
    forEachNode(after, (node, i) => {
      const parent = parentOf(node);
      if (parent !== null) {
        if (parent === i) return violation(`node ${i} is its own parent`, [i]);
        const p = after.nodes[parent];
        if (p?.role.kind !== 'supernode' || !p.role.children.includes(i)) {
          return violation(`node ${i} is ${node.role.kind} under ${parent}, which does not list it as a child`, [i, parent]);
        }
      }
      const children = childrenOf(node);
      if (hasRepeat(children)) return violation(`supernode ${i} lists a child twice`, [i]);
      for (const c of children) {
        if (parentOf(after.nodes[c] as NodeState) !== i) return violation(`supernode ${i} lists ${c}, whose parent is not ${i}`, [i, c]);
      }
      return null;
    }) ?? loginQueueConsistent(after),
};

/**
 * Whether a short list holds an entry twice. Loops rather than a Set: these checks run after every
 * step of every search, on every node, and the allocations showed in profiles.
 */
function hasRepeat(list: readonly NodeIndex[]): boolean {
  for (let k = 0; k < list.length; k++) if (list.indexOf(list[k] as NodeIndex, k + 1) >= 0) return true;
  return false;
}

function loginQueueConsistent(state: State): Violation | null {
  const queue = state.loginQueue;
  if (hasRepeat(queue)) return violation('the login queue holds a node twice');
  const stray = queue.find((i) => state.nodes[i]?.role.kind !== 'awaitingLogin');
  if (stray !== undefined) return violation(`node ${stray} is in the login queue but not awaiting login`, [stray]);
  for (let i = 0 as NodeIndex; i < state.nodes.length; i++) {
    if ((state.nodes[i] as NodeState).role.kind === 'awaitingLogin' && !queue.includes(i))
      return violation(`node ${i} awaits login but is not queued`, [i]);
  }
  return null;
}

export const capacity: Property = {
  name: 'capacity',
  label: 'S2',
  kind: 'safety',
  family: 'invariant',
  meaning: 'No supernode holds more children than its slots.',
  why: 'Skype supernodes served "up to several hundred" peers (admin guide); past that, a supernode fails its clients.',
  bound: null,
  check: ({ config, after }) =>
    forEachNode(after, (node, i) => {
      const held = childrenOf(node).length;
      const slots = config.nodes[i]?.capacity ?? 0;
      return held > slots ? violation(`supernode ${i} holds ${held} children in ${slots} slots`, [i]) : null;
    }),
};

/** Why node `i`'s role timer is out of range, or null: each role bounds its own timer, the rest hold 0. */
function timerProblem(config: Config, state: State, i: NodeIndex): string | null {
  const ticks = state.clocks.roleTicks[i] as number;
  const kind = (state.nodes[i] as NodeState).role.kind;
  const max =
    kind === 'booting'
      ? Math.max(config.bootTicks, config.restartTicks)
      : kind === 'awaitingLogin'
        ? config.loginTimeoutTicks
        : kind === 'supernode'
          ? config.warmupTicks
          : 0;
  const min = kind === 'booting' || kind === 'awaitingLogin' ? 1 : 0;
  return ticks >= min && ticks <= max ? null : `role timer ${ticks} outside ${min}..${max}`;
}

export const roles: Property = {
  name: 'roles',
  label: 'S3',
  kind: 'safety',
  family: 'invariant',
  meaning: 'Timers are in range, bootstrap nodes are always supernodes, and a down or offline client holds no one.',
  why: 'A role outside its bounds is a node stuck forever: the silent failure self-healing must not have.',
  bound: null,
  check: ({ config, after }) =>
    forEachNode(after, (node, i) => {
      const problem = timerProblem(config, after, i);
      if (problem !== null) return violation(`node ${i} is ${node.role.kind} with ${problem}`, [i]);
      if (config.nodes[i]?.kind === 'bootstrap' && node.role.kind !== 'supernode') {
        return violation(`bootstrap node ${i} is ${node.role.kind}`, [i]);
      }
      return null;
    }),
};

export const eligibility: Property = {
  name: 'eligibility',
  label: 'S4',
  kind: 'safety',
  family: 'invariant',
  meaning: 'A user supernode has a public address and enough uptime or history, and a warming supernode holds no children.',
  why: 'Kaufman (Skype): no supernode without a public address, memory, bandwidth and uptime; Rabbe 2010: a restarted supernode takes time to be available.',
  bound: null,
  check: ({ config, after }) =>
    forEachNode(after, (node, i) => {
      if (node.role.kind !== 'supernode') return null;
      if (config.nodes[i]?.kind === 'user' && !meetsPromotionCriterion(config, after, i)) {
        return violation(
          `supernode ${i} has uptime ${after.clocks.uptime[i]} and history ${after.clocks.history[i]}, below the criterion`,
          [i],
        );
      }
      if (isWarming(after, i) && node.role.children.length > 0) {
        return violation(`supernode ${i} is still warming up but holds ${node.role.children.length} children`, [i]);
      }
      return null;
    }),
};

export const capacityAccounting: Property = {
  name: 'capacity-accounting',
  readsHistory: ['belief', 'capacityAtPlan'],
  label: 'S5',
  kind: 'safety',
  family: 'invariant',
  meaning: "The algorithm's count of usable supernodes and free slots equals the ground truth: no ghost capacity.",
  why: '2007: "not tuned to take into account … supernode rebooting"; capacity still counted after it is gone stops promotion (domain.md B2).',
  bound: null,
  check: ({ after }) => {
    const { belief, capacityAtPlan: actual } = after;
    if (belief.supernodes === actual.supernodes && belief.freeSlots === actual.freeSlots) return null;
    return violation(
      `the algorithm believes in ${belief.supernodes} supernodes with ${belief.freeSlots} free slots; there are ${actual.supernodes} with ${actual.freeSlots}`,
    );
  },
};

export const hostCache: Property = {
  name: 'host-cache',
  label: 'S6',
  kind: 'safety',
  family: 'invariant',
  meaning: 'A host cache holds at most hostCacheMax distinct nodes, never the node itself.',
  why: 'The host cache is the only way back into the network (Baset & Schulzrinne); a corrupt one strands a client.',
  bound: null,
  check: ({ config, after }) =>
    forEachNode(after, (node, i) => {
      const cache = node.hostCache;
      if (cache.length > config.hostCacheMax) return violation(`node ${i} caches ${cache.length} entries`, [i]);
      if (cache.includes(i)) return violation(`node ${i} caches itself`, [i]);
      return hasRepeat(cache) ? violation(`node ${i} caches an entry twice`, [i]) : null;
    }),
};

export const loginRate: Property = {
  name: 'login-rate',
  readsHistory: ['logins'],
  label: 'S7',
  kind: 'safety',
  family: 'invariant',
  meaning: 'The login server completes at most loginRate log-ins per tick.',
  why: '2007: "a flood of log-in requests"; the login server is the only central component (Baset & Schulzrinne).',
  bound: null,
  check: ({ config, after }) =>
    after.lastTick.logins <= config.loginRate
      ? null
      : violation(`${after.lastTick.logins} log-ins in one tick, more than loginRate ${config.loginRate}`),
};

export const retryDiscipline: Property = {
  name: 'retry-discipline',
  readsHistory: ['probes'],
  label: 'S8',
  kind: 'safety',
  family: 'invariant',
  meaning: 'A node probes at most once per tick, and every connecting node has its next try within backoffCapTicks.',
  why: '2007 signalling rose 3-fold and contacted peers 10-fold (Rossi et al.); a client that never retries is silently stuck.',
  bound: null,
  check: ({ config, after }) => {
    if (after.lastTick.probes > indicesOf(config, 'user').length) {
      return violation(`${after.lastTick.probes} probes in one tick, more than one per node`);
    }
    return forEachNode(after, (node, i) => {
      const ticks = after.clocks.retryTicks[i] as number;
      const bound = node.role.kind === 'connecting' ? config.backoffCapTicks : 0;
      return ticks < 0 || ticks > bound ? violation(`node ${i} is ${node.role.kind} and next tries in ${ticks} ticks`, [i]) : null;
    });
  },
};

export const conservation: Property = {
  name: 'conservation',
  label: 'S9',
  kind: 'safety',
  family: 'invariant',
  meaning: "A user's client runs exactly when its user wants it to, unless the machine is booting.",
  why: 'A wanted client that is offline is a user the network has lost without noticing.',
  bound: null,
  check: ({ config, after }) =>
    forEachNode(after, (node, i) => {
      if (config.nodes[i]?.kind === 'bootstrap' || node.role.kind === 'booting') return null;
      const running = node.role.kind !== 'offline';
      return running === node.wantsOnline
        ? null
        : violation(`node ${i} is ${node.role.kind} although its user ${node.wantsOnline ? 'wants' : 'does not want'} it online`, [i]);
    }),
};

export const safetyProperties: readonly Property[] = [
  contract,
  parentChild,
  capacity,
  roles,
  eligibility,
  capacityAccounting,
  hostCache,
  loginRate,
  retryDiscipline,
  conservation,
];
