import { indicesOf } from '../config.ts';
import type { NodeIndex } from '../ids.ts';
import { goDown } from '../ops.ts';
import type { NodeState, State } from '../state.ts';
import type { Transition } from './transition.ts';

/**
 * Which running user machines a storm reboots, in order: with `biasSupernodes`, supernodes first and
 * then the longest uptime; otherwise by index. `offset` rotates the order so that shrinking can
 * choose which machines are hit without naming them.
 */
export function stormVictims(
  users: readonly NodeIndex[],
  state: State,
  percent: number,
  biasSupernodes: boolean,
  offset: number,
): NodeIndex[] {
  const running = users.filter((i) => (state.nodes[i] as NodeState).role.kind !== 'booting');
  const n = running.length;
  if (n === 0) return [];
  const shift = ((Math.trunc(offset) % n) + n) % n;
  const rotated = running.map((_, k) => running[(k + shift) % n] as NodeIndex);
  if (biasSupernodes) {
    const rank = (i: NodeIndex) => {
      const node = state.nodes[i] as NodeState;
      return (node.role.kind === 'supernode' ? 1_000_000 : 0) + (state.clocks.uptime[i] ?? 0);
    };
    // Array.prototype.sort is stable, so ties keep the rotated order.
    rotated.sort((a, b) => rank(b) - rank(a));
  }
  const count = Math.ceil((Math.min(100, Math.max(0, percent)) * n) / 100);
  return rotated.slice(0, count);
}

/**
 * A patch storm: the victims reboot spread evenly over `windowTicks` ticks, the first at once.
 * Reboots still pending are kept in `Clocks.rebootInTicks` and fire in the tick transition,
 * even after the quiet phase has begun: the patches were already installed.
 */
export const patchStorm: Transition<'patchStorm'> = {
  disruptive: true,
  applies: (config, state, event) =>
    event.percent >= 1 && stormVictims(indicesOf(config, 'user'), state, event.percent, false, 0).length > 0,
  apply: (ctx, event) => {
    const victims = stormVictims(indicesOf(ctx.config, 'user'), ctx.view.state, event.percent, event.biasSupernodes, event.offset);
    const window = Math.max(1, Math.trunc(event.windowTicks));
    victims.forEach((i, k) => {
      const delay = Math.floor((k * window) / victims.length);
      if (delay === 0) goDown(ctx, i, ctx.config.bootTicks, true);
      else ctx.setClock('rebootInTicks', i, delay);
    });
  },
};
