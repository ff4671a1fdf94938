import { userAt } from '../config.ts';
import { detach, nodeAt, restartQuietClock, startConnecting } from '../ops.ts';
import type { Transition } from './transition.ts';

/** A user starts the client; a machine still booting will start it when the boot ends. */
export const login: Transition<'login'> = {
  disruptive: false,
  applies: (config, state, event) => {
    const i = userAt(config, event.user);
    return i !== null && state.nodes[i]?.wantsOnline === false;
  },
  apply: (ctx, event) => {
    const i = userAt(ctx.config, event.user);
    if (i === null) return;
    const node = nodeAt(ctx.draft, i);
    node.wantsOnline = true;
    if (node.role.kind === 'offline') startConnecting(node);
    restartQuietClock(ctx.draft);
  },
};

/** A user quits the client: a supernode's children are orphaned, an ordinary node frees its slot. */
export const logout: Transition<'logout'> = {
  disruptive: false,
  applies: (config, state, event) => {
    const i = userAt(config, event.user);
    return i !== null && state.nodes[i]?.wantsOnline === true;
  },
  apply: (ctx, event) => {
    const i = userAt(ctx.config, event.user);
    if (i === null) return;
    const node = nodeAt(ctx.draft, i);
    node.wantsOnline = false;
    if (node.role.kind !== 'booting') {
      detach(ctx.draft, i);
      node.role = { kind: 'offline' };
      node.attempt = 0;
      node.retryTicks = 0;
      node.retryDelay = 0;
    }
    restartQuietClock(ctx.draft);
  },
};
