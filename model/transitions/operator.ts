import { indicesOf } from '../config.ts';
import { clampUsage } from '../events.ts';
import { enterRole } from '../ops.ts';
import { forgetSupernodes } from '../queries.ts';
import type { Transition } from './transition.ts';

/** The day's traffic per client changes; every supernode's load scales with it. */
export const usageSpike: Transition<'usageSpike'> = {
  disruptive: true,
  applies: (_config, state, event) => clampUsage(event.percent) !== state.usagePercent,
  apply: (ctx, event) => {
    ctx.draft.usagePercent = clampUsage(event.percent);
    forgetSupernodes(ctx.view);
  },
};

/**
 * The operator deploys dedicated supernodes from the undeployed mega slots. They are exempt from
 * the promotion criterion but still warm up ([D] 2010: "mega-supernodes" on redeployed servers).
 */
export const addMega: Transition<'addMega'> = {
  disruptive: true,
  applies: (config, state, event) => event.count >= 1 && indicesOf(config, 'mega').some((i) => state.nodes[i]?.wantsOnline === false),
  apply: (ctx, event) => {
    const idle = indicesOf(ctx.config, 'mega').filter((i) => !ctx.read(i).wantsOnline);
    for (const i of idle.slice(0, Math.trunc(event.count))) {
      enterRole(ctx, i, { kind: 'supernode', children: [] }, ctx.config.warmupTicks).wantsOnline = true;
    }
  },
};

/** The quiet phase begins: from now on the network must heal with no help and no new trouble. */
export const quiet: Transition<'quiet'> = {
  disruptive: false,
  applies: (_config, state) => state.quietSince < 0,
  apply: (ctx) => {
    ctx.draft.quietSince = ctx.draft.tick;
    ctx.draft.onlinePeakSinceQuiet = 0;
  },
};
