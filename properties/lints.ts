import { indicesOf, isHistoricallyEligible, type NodeIndex, type NodeState } from '../model/index.ts';
import { supplyBound } from './bounds.ts';
import { boundReached, type Property, quietTicks, violation } from './property.ts';

/**
 * Rules about mechanisms, not outcomes: each names a habit that often goes with a failure to heal,
 * but a correct algorithm may break it for good reasons (demote a surplus supernode, protect
 * itself by shutting down, probe quickly when the network has room). They are off in the default
 * verdict and run only when named (`--property supernode-supply`); use them to diagnose, and the
 * outcome properties to judge.
 */

export const supernodeSupply: Property = {
  name: 'supernode-supply',
  label: 'M1',
  kind: 'healing',
  family: 'lint',
  meaning: 'Within the bound there are as many supernodes as the target ratio asks for, or every eligible node is one.',
  why: '2007: "lack of peer-to-peer network resources"; 2010: 25–30% of supernodes lost and slow to return.',
  bound: supplyBound,
  inForce: ({ config, after }) => boundReached(config, after, supplyBound),
  check: ({ config, after }) => {
    if (!boundReached(config, after, supplyBound)) return null;
    // One pass: users who want to be online (census's `wanting`) and those of them eligible,
    // operator supernodes, and every supernode.
    let wanting = 0;
    let eligible = 0;
    let operator = 0;
    let have = 0;
    for (let i = 0 as NodeIndex; i < after.nodes.length; i++) {
      const node = after.nodes[i] as NodeState;
      const isSupernode = node.role.kind === 'supernode';
      if (isSupernode) have++;
      if (config.nodes[i]?.kind !== 'user') {
        if (isSupernode) operator++;
      } else if (node.wantsOnline && node.role.kind !== 'booting') {
        wanting++;
        if (isHistoricallyEligible(config, after, i)) eligible++;
      }
    }
    const wanted = Math.min(eligible + operator, Math.ceil(wanting / config.targetRatio));
    return have >= wanted ? null : violation(`${have} supernodes after ${quietTicks(after)} quiet ticks; ${wanted} wanted`);
  },
};

/** Consecutive failures after which a backed-off client must wait at least half the cap. */
export function saturatingAttempt(config: { backoffCapTicks: number; backoffBaseTicks: number }): number {
  return 1 + Math.ceil(Math.log2(config.backoffCapTicks / config.backoffBaseTicks));
}

export const backoffDiscipline: Property = {
  name: 'backoff-discipline',
  label: 'M2',
  kind: 'healing',
  family: 'lint',
  meaning: 'In the quiet phase, a client that has failed enough times in a row waits at least half the backoff cap.',
  why: 'AWS Architecture blog, "Exponential backoff and jitter": retries without backoff keep a storm alive.',
  bound: { formula: 'from quiet, for nodes with 1 + ceil(log2(backoffCapTicks / backoffBaseTicks)) failures', ticks: () => 0 },
  inForce: ({ after }) => quietTicks(after) >= 0,
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

export const noSelfShutdown: Property = {
  name: 'no-self-shutdown',
  readsStep: true,
  label: 'M3',
  kind: 'safety',
  family: 'lint',
  meaning: 'A supernode never shuts itself down or is demoted while it serves children.',
  why: '2010: supernodes took themselves offline under load, each shutdown loading the rest; the SRE book calls turning away all traffic "a common mistake".',
  bound: null,
  check: ({ before, event, after }) => {
    if (before === null || event?.kind !== 'tick') return null;
    for (let s = 0 as NodeIndex; s < after.nodes.length; s++) {
      const was = before.nodes[s] as NodeState;
      const now = after.nodes[s] as NodeState;
      if (was.role.kind !== 'supernode' || was.role.children.length === 0) continue;
      if (now.role.kind === 'booting' && !now.role.machine) {
        return violation(`supernode ${s} shut itself down, dropping ${was.role.children.length} children`, [s]);
      }
      if (now.role.kind === 'connecting')
        return violation(`supernode ${s} was demoted, orphaning ${was.role.children.length} children`, [s]);
    }
    return null;
  },
};

export const lintProperties: readonly Property[] = [supernodeSupply, backoffDiscipline, noSelfShutdown];
