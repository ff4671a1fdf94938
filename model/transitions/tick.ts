import { hostCacheProblem, isNodeIndex, recordViolation } from '../contract.ts';
import type { StepContext } from '../draft.ts';
import type { NodeIndex } from '../ids.ts';
import { enterRole, failAttempt, goDown, guarded, leaveSupernode, restartQuietClock, startConnecting } from '../ops.ts';
import { answersProbe, forgetSupernodes, isRunning } from '../queries.ts';
import { noCounters } from '../state.ts';
import { applyPlan } from './plan.ts';
import type { Transition } from './transition.ts';

/**
 * One tick, in a fixed order: clocks, then the login server, then connection attempts, then the
 * algorithm's plan. Nodes are visited in index order; the order is part of the model (it decides
 * who gets the last free slot), and it is the same on every run.
 */
export const tick: Transition<'tick'> = {
  disruptive: false,
  applies: () => true,
  apply: (ctx) => {
    ctx.draft.tick += 1;
    ctx.draft.lastTick = ctx.fresh({ ...noCounters });
    advanceClocks(ctx);
    serveLogins(ctx);
    connectDueNodes(ctx);
    applyPlan(ctx);
  },
};

/**
 * Counts down every timer, then starts or ends what a timer running out starts or ends. Nothing
 * has changed a clock yet in this step, so the loop reads the base state's plain arrays; each of
 * its writes is at the index it has just read.
 */
function advanceClocks(ctx: StepContext): void {
  const { config, draft } = ctx;
  const { uptime, history, retryTicks, roleTicks, rebootInTicks } = ctx.base.clocks;
  const rebooting: NodeIndex[] = [];
  const booted: NodeIndex[] = [];
  for (let i = 0 as NodeIndex; i < uptime.length; i++) {
    ctx.setClock('signalling', i, 0);
    const reboot = rebootInTicks[i] as number;
    if (reboot > 0) ctx.setClock('rebootInTicks', i, reboot - 1);
    if (reboot === 1) {
      rebooting.push(i);
      continue;
    }
    const role = ctx.read(i).role;
    // A client restart leaves the machine up, so its uptime keeps growing; a reboot does not.
    if (!(role.kind === 'booting' && role.machine)) ctx.setClock('uptime', i, Math.min(config.uptimeMin, (uptime[i] as number) + 1));
    if (isRunning(role)) ctx.setClock('history', i, Math.min(config.historyMin, (history[i] as number) + 1));
    if (role.kind === 'connecting' && (retryTicks[i] as number) > 0) ctx.setClock('retryTicks', i, (retryTicks[i] as number) - 1);
    const ticksLeft = roleTicks[i] as number;
    if ((role.kind === 'booting' || role.kind === 'supernode') && ticksLeft > 0) {
      ctx.setClock('roleTicks', i, ticksLeft - 1);
      if (ticksLeft === 1) {
        if (role.kind === 'booting') booted.push(i);
        // A supernode whose warm-up ends starts to admit: it has gained room.
        else forgetSupernodes(ctx.view);
      }
    }
  }
  for (const i of rebooting) {
    goDown(ctx, i, config.bootTicks, true);
    restartQuietClock(draft);
  }
  for (const i of booted) finishBoot(ctx, i);
}

function finishBoot(ctx: StepContext, i: NodeIndex): void {
  if (ctx.read(i).wantsOnline) startConnecting(ctx, i);
  else enterRole(ctx, i, { kind: 'offline' });
}

/**
 * Every queued node tries to log in; the login server handles `loginRate` attempts a tick, first
 * come first served, and the attempts above that fail and are tried again next tick. A node whose
 * wait runs out gives its slot back and fails.
 */
function serveLogins(ctx: StepContext): void {
  const { config, draft } = ctx;
  if (ctx.view.state.loginQueue.length === 0) return;
  const queue = ctx.queue();
  draft.lastTick.loginAttempts = queue.length;
  const served = queue.splice(0, config.loginRate);
  for (const i of served) logIn(ctx, i);
  draft.lastTick.logins = served.length;
  for (const i of [...queue]) {
    const ticksLeft = ctx.clock('roleTicks', i) - 1;
    ctx.setClock('roleTicks', i, ticksLeft);
    if (ticksLeft > 0) continue;
    leaveSupernode(ctx, i);
    failAttempt(ctx, i);
  }
}

/** A queued node logs in and becomes an ordinary child of the supernode that admitted it. */
function logIn(ctx: StepContext, i: NodeIndex): void {
  const role = ctx.read(i).role;
  if (role.kind !== 'awaitingLogin') return;
  enterRole(ctx, i, { kind: 'ordinary', parent: role.supernode });
}

/**
 * A node that reaches a live supernode, whether admitted or refused, takes that supernode's list of
 * active supernodes as its new host cache ([D] admin guide: on contacting a working supernode a
 * client "gets an updated list of … currently active supernodes").
 */
function refreshHostCache(ctx: StepContext, i: NodeIndex, supernode: NodeIndex): void {
  const cache = guarded(ctx, 'refreshHostCache', null, () => ctx.algorithm.refreshHostCache(ctx.view, i, supernode, ctx.random));
  if (cache === null) return;
  const problem = hostCacheProblem(ctx.config, i, cache);
  if (problem === null) ctx.write(i).hostCache = [...cache];
  else recordViolation(ctx.draft, 'host-cache-invalid', `${ctx.algorithm.name}.refreshHostCache for node ${i} ${problem}`, [i]);
}

/** Every connecting node whose retry is due probes one supernode: at most one attempt per node per tick (S8). */
function connectDueNodes(ctx: StepContext): void {
  for (let i = 0 as NodeIndex; i < ctx.base.nodes.length; i++) {
    if (ctx.clock('retryTicks', i) === 0 && ctx.read(i).role.kind === 'connecting') probe(ctx, i);
  }
}

/**
 * A probe: the algorithm names a supernode the node knows, and, if it is a live supernode, the node
 * takes its host cache and asks to be admitted. Choosing no one sends nothing, so it is a failed
 * attempt but not a probe.
 */
function probe(ctx: StepContext, i: NodeIndex): void {
  const { config, draft, algorithm } = ctx;
  const target = guarded(ctx, 'chooseSupernode', null, () => algorithm.chooseSupernode(ctx.view, i, ctx.random));
  if (target === null) {
    ctx.recorder?.({ kind: 'probe', node: i, target, outcome: 'no-candidate' });
    failAttempt(ctx, i);
    return;
  }
  const known = isNodeIndex(config, target) && (ctx.read(i).hostCache.includes(target) || config.nodes[target]?.kind === 'bootstrap');
  if (!known || target === i) {
    recordViolation(
      draft,
      'choose-unknown-node',
      `${algorithm.name}.chooseSupernode for node ${i} returned ${JSON.stringify(target)}, which is neither in its host cache nor a bootstrap node`,
      [i],
    );
    ctx.recorder?.({ kind: 'probe', node: i, target, outcome: 'not-allowed' });
    failAttempt(ctx, i);
    return;
  }
  draft.lastTick.probes += 1;
  if (ctx.read(target).role.kind !== 'supernode') {
    ctx.recorder?.({ kind: 'probe', node: i, target, outcome: 'not-a-supernode' });
    failAttempt(ctx, i);
    return;
  }
  // Every probe that reaches a live supernode is load on it; it is answered only with the work its
  // children leave (see `servedSlots`), and an unanswered probe is a failed attempt like any other.
  const answered = answersProbe(config, ctx.view.state, target);
  ctx.setClock('signalling', target, ctx.clock('signalling', target) + config.probeCostPercent);
  if (!answered) {
    ctx.recorder?.({ kind: 'probe', node: i, target, outcome: 'unanswered' });
    failAttempt(ctx, i);
    return;
  }
  refreshHostCache(ctx, i, target);
  const accepted = guarded(ctx, 'admit', false, () => algorithm.admit(ctx.view, target, i));
  if (typeof accepted !== 'boolean') {
    recordViolation(draft, 'admit-not-boolean', `${algorithm.name}.admit returned ${JSON.stringify(accepted)}, not a boolean`, [target, i]);
    failAttempt(ctx, i);
    return;
  }
  ctx.recorder?.({ kind: 'probe', node: i, target, outcome: accepted === true ? 'admitted' : 'refused' });
  if (!accepted) {
    failAttempt(ctx, i);
    return;
  }
  const targetRole = ctx.write(target).role;
  if (targetRole.kind === 'supernode') targetRole.children.push(i);
  // Not `enterRole`: an admitted node keeps its count of failed attempts until it has logged in,
  // since a log-in that times out is one more failure and backs off further (`failAttempt`). Its
  // last delay is spent, and is read only while connecting: cleared, so no state carries it.
  const admitted = ctx.write(i);
  admitted.role = { kind: 'awaitingLogin', supernode: target };
  admitted.retryDelay = 0;
  ctx.setClock('roleTicks', i, config.loginTimeoutTicks);
  ctx.queue().push(i);
  ctx.setClock('signalling', target, ctx.clock('signalling', target) + config.joinCostPercent);
  draft.lastTick.admissions += 1;
}
