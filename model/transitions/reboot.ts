import { userAt } from '../config.ts';
import { goDown } from '../ops.ts';
import type { Transition } from './transition.ts';

/**
 * A user's machine reboots: its client goes down for `bootTicks`, its uptime restarts from 0, and
 * its children, if it was a supernode, are orphaned. The host cache and history survive, since
 * Skype kept the host cache in the registry ([D] Baset & Schulzrinne): after a storm it is stale.
 */
export const reboot: Transition<'reboot'> = {
  disruptive: true,
  applies: (config, state, event) => {
    const i = userAt(config, event.user);
    return i !== null && state.nodes[i]?.role.kind !== 'booting';
  },
  apply: (ctx, event) => {
    const i = userAt(ctx.config, event.user);
    if (i !== null) goDown(ctx, i, ctx.config.bootTicks, true);
  },
};
