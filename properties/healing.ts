import {
  type Config,
  census,
  childrenOf,
  effectiveCapacity,
  indicesOf,
  isHistoricallyEligible,
  type NodeIndex,
  type NodeState,
  optimalOnline,
  type State,
} from '../model/index.ts';
import { type Bound, boundReached, type Property, quietTicks, violation } from './property.ts';

/**
 * The self-healing properties of domain.md §4.5. The quiet phase begins with the `quiet` event and
 * its clock restarts whenever the quiet is disturbed after all (see `restartQuietClock`); each bound
 * counts ticks of quiet. The bounds leave out `uptimeMin` on purpose: a correct allocator promotes
 * by long-run history, so an algorithm that waits for uptime after a storm misses them (B1).
 */

function usersOf(config: Config): number {
  return indicesOf(config, 'user').length;
}

/** The longest a client is down: a reboot or a restart. */
function downTicks(config: Config): number {
  return Math.max(config.bootTicks, config.restartTicks);
}

/**
 * L2's bound: every client is back up, history has saturated, and a node held at the login server
 * has either logged in or timed out, after which the next plan promotes.
 */
export const supplyBound: Bound = {
  formula: 'max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + 2',
  ticks: (c) => downTicks(c) + c.historyMin + c.loginTimeoutTicks + 2,
};

/**
 * L1's and L6's bound: supply has recovered and warmed up; a client then reaches a bootstrap node
 * within `hostCacheMax + 1` probes, each at most `backoffCapTicks` apart, and its next probe goes to
 * a live supernode; finally the login server admits everyone at `loginRate` per tick.
 */
export const reconnectionBound: Bound = {
  formula:
    'max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2',
  ticks: (c) => supplyBound.ticks(c) + c.warmupTicks + (c.hostCacheMax + 2) * c.backoffCapTicks + Math.ceil(usersOf(c) / c.loginRate),
};

const fromQuiet: Bound = { formula: '0', ticks: () => 0 };

function supernodeCount(state: State): number {
  return state.nodes.filter((node) => node.role.kind === 'supernode').length;
}

export const boundedReconnection: Property = {
  name: 'bounded-reconnection',
  label: 'L1',
  kind: 'healing',
  meaning: 'When the machines suffice for everyone, every user who wants to be online is online within the bound.',
  why: '2007: "prevented the self-healing function from working quickly"; Skype was unavailable for about two days.',
  bound: reconnectionBound,
  check: ({ config, after }) => {
    if (!boundReached(config, after, reconnectionBound)) return null;
    const { wanting } = census(config, after);
    if (optimalOnline(config, after) < wanting) return null;
    const stranded = indicesOf(config, 'user').filter((i) => {
      const node = after.nodes[i] as NodeState;
      return node.wantsOnline && node.role.kind !== 'ordinary' && node.role.kind !== 'supernode' && node.role.kind !== 'booting';
    });
    return stranded.length === 0
      ? null
      : violation(
          `${stranded.length} of ${wanting} users still offline after ${quietTicks(after)} quiet ticks: ${stranded.join(', ')}`,
          stranded,
        );
  },
};

export const supernodeSupply: Property = {
  name: 'supernode-supply',
  label: 'L2',
  kind: 'healing',
  meaning: 'Within the bound there are as many supernodes as the target ratio asks for, or every eligible node is one.',
  why: '2007: "lack of peer-to-peer network resources"; 2010: 25–30% of supernodes lost and slow to return.',
  bound: supplyBound,
  check: ({ config, after }) => {
    if (!boundReached(config, after, supplyBound)) return null;
    const users = indicesOf(config, 'user');
    const eligible = users.filter((i) => {
      const node = after.nodes[i] as NodeState;
      return node.wantsOnline && node.role.kind !== 'booting' && isHistoricallyEligible(config, after, i);
    }).length;
    const operator = after.nodes.filter((node, i) => config.nodes[i]?.kind !== 'user' && node.role.kind === 'supernode').length;
    const wanted = Math.min(eligible + operator, Math.ceil(census(config, after).wanting / config.targetRatio));
    const have = supernodeCount(after);
    return have >= wanted ? null : violation(`${have} supernodes after ${quietTicks(after)} quiet ticks; ${wanted} wanted`);
  },
};

/** No relapse tolerates dips of up to 2·ε of the optimum, ε = 10%. */
const relapseEpsilonPercent = 10;

export const noRelapse: Property = {
  name: 'no-relapse',
  label: 'L3',
  kind: 'healing',
  meaning: 'Once 90% of the optimum is online in the quiet phase, it never falls below 80% again.',
  why: '2007 relapse: the count climbed to 6 M on the evening of Aug 17, then dropped to 600,000 at 23:00 GMT.',
  bound: fromQuiet,
  check: ({ config, after }) => {
    if (quietTicks(after) < 0) return null;
    const optimum = optimalOnline(config, after);
    const recovered = Math.ceil((optimum * (100 - relapseEpsilonPercent)) / 100);
    const floor = Math.floor((optimum * (100 - 2 * relapseEpsilonPercent)) / 100);
    const { online } = census(config, after);
    if (after.onlinePeakSinceQuiet < recovered || online >= floor) return null;
    return violation(`online fell to ${online} after reaching ${after.onlinePeakSinceQuiet}; the optimum is ${optimum}`);
  },
};

/** Consecutive failures after which a backed-off client must wait at least half the cap. */
export function saturatingAttempt(config: Config): number {
  return 1 + Math.ceil(Math.log2(config.backoffCapTicks / config.backoffBaseTicks));
}

export const retryStormSubsides: Property = {
  name: 'retry-storm-subsides',
  label: 'L4',
  kind: 'healing',
  meaning: 'In the quiet phase, a client that has failed enough times in a row waits at least half the backoff cap.',
  why: '2007: signalling 3× and contacted peers 10× (Rossi et al.); 2010: supernode traffic 100× normal. Retries must thin out, or they sustain the outage (metastable failure, Bronson et al.).',
  bound: { formula: 'from quiet, for nodes with 1 + ceil(log2(backoffCapTicks / backoffBaseTicks)) failures', ticks: () => 0 },
  check: ({ config, after }) => {
    if (quietTicks(after) < 0) return null;
    const attempts = saturatingAttempt(config);
    const minimum = Math.ceil(config.backoffCapTicks / 2);
    const hot = indicesOf(config, 'user').filter((i) => {
      const node = after.nodes[i] as NodeState;
      return node.role.kind === 'connecting' && node.attempt >= attempts && node.retryDelay < minimum;
    });
    return hot.length === 0
      ? null
      : violation(`${hot.length} nodes retry after fewer than ${minimum} ticks despite ${attempts}+ failures: ${hot.join(', ')}`, hot);
  },
};

/** Children a supernode dropped in this step: they left it and start afresh (attempt 0). */
function shedBy(before: State, after: State, s: NodeIndex): NodeIndex[] {
  const still = childrenOf(after.nodes[s] as NodeState);
  return childrenOf(before.nodes[s] as NodeState).filter((c) => {
    const child = after.nodes[c] as NodeState;
    return !still.includes(c) && child.role.kind === 'connecting' && child.attempt === 0;
  });
}

export const sheddingKeepsGoodput: Property = {
  name: 'shedding-keeps-goodput',
  label: 'L5',
  kind: 'safety',
  meaning: 'A supernode sheds only the children above its capacity; it never shuts itself down or is demoted while serving.',
  why: '2010: supernodes took themselves offline under load, each shutdown loading the rest; the SRE book calls turning away all traffic "a common mistake".',
  bound: null,
  check: ({ config, before, event, after }) => {
    if (before === null || event?.kind !== 'tick') return null;
    for (let s = 0 as NodeIndex; s < after.nodes.length; s++) {
      const was = before.nodes[s] as NodeState;
      const now = after.nodes[s] as NodeState;
      if (was.role.kind !== 'supernode') continue;
      if (now.role.kind === 'supernode') {
        const dropped = shedBy(before, after, s);
        const kept = now.role.children.length;
        const slots = effectiveCapacity(config, after, s);
        if (dropped.length > 0 && kept < slots) {
          return violation(`supernode ${s} dropped ${dropped.length} children and kept ${kept}, below its ${slots} slots`, [s, ...dropped]);
        }
      } else if (was.role.children.length > 0 && now.role.kind === 'booting' && !now.role.machine) {
        return violation(`supernode ${s} shut itself down, dropping ${was.role.children.length} children`, [s]);
      } else if (was.role.children.length > 0 && now.role.kind === 'connecting') {
        return violation(`supernode ${s} was demoted, orphaning ${was.role.children.length} children`, [s]);
      }
    }
    return null;
  },
};

export const matchesOptimal: Property = {
  name: 'matches-optimal',
  label: 'L6',
  kind: 'healing',
  meaning: 'Within the bound, as many users are online as a centralized allocator would have with the same machines.',
  why: 'The differential check: the network heals not just somewhat but as far as its machines allow.',
  bound: reconnectionBound,
  check: ({ config, after }) => {
    if (!boundReached(config, after, reconnectionBound)) return null;
    const optimum = optimalOnline(config, after);
    const { online } = census(config, after);
    return online >= optimum
      ? null
      : violation(`${online} users online after ${quietTicks(after)} quiet ticks; a centralized allocator reaches ${optimum}`);
  },
};

export const healingProperties: readonly Property[] = [
  boundedReconnection,
  supernodeSupply,
  noRelapse,
  retryStormSubsides,
  sheddingKeepsGoodput,
  matchesOptimal,
];
