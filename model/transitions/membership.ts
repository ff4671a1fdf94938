import { userAt } from '../config.ts';
import { goOffline, restartQuietClock, startConnecting } from '../ops.ts';
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
    const wasOffline = ctx.read(i).role.kind === 'offline';
    ctx.write(i).wantsOnline = true;
    if (wasOffline) startConnecting(ctx, i);
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
    ctx.write(i).wantsOnline = false;
    if (ctx.read(i).role.kind !== 'booting') goOffline(ctx, i);
    restartQuietClock(ctx.draft);
  },
};
