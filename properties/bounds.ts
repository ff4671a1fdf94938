import { type Config, indicesOf } from '../model/index.ts';
import type { Bound } from './property.ts';

/**
 * The bounds of the healing properties and of a run's phases, as formulas of the configuration.
 * They leave out `uptimeMin` on purpose: a correct allocator promotes by long-run history, so an
 * algorithm that waits for uptime after a storm misses them (B1).
 */

function usersOf(config: Config): number {
  return indicesOf(config, 'user').length;
}

/** The longest a client is down: a reboot or a restart. */
function downTicks(config: Config): number {
  return Math.max(config.bootTicks, config.restartTicks);
}

/**
 * Supply's bound: every client is back up, history has saturated, and a node held at the login
 * server has either logged in or timed out, after which the next plan promotes.
 */
export const supplyBound: Bound = {
  formula: 'max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + 2',
  ticks: (c) => downTicks(c) + c.historyMin + c.loginTimeoutTicks + 2,
};

/**
 * L1's, L4's and L6's bound: supply has recovered and warmed up; a client then reaches a bootstrap
 * node within `hostCacheMax + 1` probes, each at most `backoffCapTicks` apart, and its next probe
 * goes to a live supernode; finally the login server admits everyone at `loginRate` per tick.
 */
export const reconnectionBound: Bound = {
  formula:
    'max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2',
  ticks: (c) => supplyBound.ticks(c) + c.warmupTicks + (c.hostCacheMax + 2) * c.backoffCapTicks + Math.ceil(usersOf(c) / c.loginRate),
};

/**
 * The settle phase's limit: a cold start is a login flood of everyone at once, which a correct
 * allocator absorbs within the reconnection bound once the uptime and history clocks have
 * saturated (a steady state needs both).
 */
export const settleBound: Bound = {
  formula: 'max(uptimeMin, historyMin) + reconnection bound',
  ticks: (c) => Math.max(c.uptimeMin, c.historyMin) + reconnectionBound.ticks(c),
};
