import { ordinalIn } from '../config.ts';
import type { NodeIndex } from '../ids.ts';
import { goDown } from '../ops.ts';
import { userSupernodes } from '../queries.ts';
import type { Transition } from './transition.ts';

/**
 * The clients of a set of user supernodes crash and restart after `restartTicks` ([D] 2010: a client
 * bug took down 25–30% of the public supernodes). The machines stay up, so their uptime is kept;
 * they come back as ordinary clients and must be promoted and warm up again ([D] "takes some time").
 */
export const crash: Transition<'crash'> = {
  disruptive: true,
  applies: (config, state, event) => event.supernodes.length > 0 && userSupernodes(config, state).length > 0,
  apply: (ctx, event) => {
    const current = userSupernodes(ctx.config, ctx.view.state);
    const hit = new Set(event.supernodes.map((k) => current[ordinalIn(k, current.length)] as NodeIndex));
    for (const i of [...hit].sort((a, b) => a - b)) goDown(ctx, i, ctx.config.restartTicks, false);
  },
};
