import { hostCacheProblem, isNodeIndex, recordViolation } from '../contract.ts';
import type { NodeDraft, StepContext } from '../draft.ts';
import type { NodeIndex } from '../ids.ts';
import { failAttempt, goDown, guarded, leaveSupernode, nodeAt, restartQuietClock, startConnecting } from '../ops.ts';
import { isRunning } from '../queries.ts';
import { randomOn } from '../random.ts';
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
    ctx.draft.lastTick = { ...noCounters };
    advanceClocks(ctx);
    serveLogins(ctx);
    connectDueNodes(ctx);
    applyPlan(ctx);
  },
};

function advanceClocks(ctx: StepContext): void {
  const { config, draft } = ctx;
  for (let i = 0 as NodeIndex; i < draft.nodes.length; i++) {
    const node = nodeAt(draft, i);
    if (node.rebootInTicks > 0 && --node.rebootInTicks === 0) {
      goDown(draft, i, config.bootTicks, true);
      restartQuietClock(draft);
      continue;
    }
    const role = node.role;
    if (role.kind === 'booting') {
      if (--role.remainingTicks <= 0) finishBoot(node);
      continue;
    }
    node.uptime = Math.min(config.uptimeMin, node.uptime + 1);
    if (isRunning(role)) node.history = Math.min(config.historyMin, node.history + 1);
    if (role.kind === 'supernode' && role.warmupTicks > 0) role.warmupTicks -= 1;
    if (role.kind === 'connecting' && node.retryTicks > 0) node.retryTicks -= 1;
  }
}

function finishBoot(node: NodeDraft): void {
  if (node.wantsOnline) startConnecting(node);
  else node.role = { kind: 'offline' };
}

/**
 * The login server admits up to `loginRate` queued nodes, first come first served; those left in
 * the queue wait one tick less, and a node whose wait runs out gives its slot back and fails.
 */
function serveLogins(ctx: StepContext): void {
  const { config, draft } = ctx;
  const served = draft.loginQueue.splice(0, config.loginRate);
  for (const i of served) logIn(ctx, i);
  draft.lastTick.logins = served.length;
  for (const i of [...draft.loginQueue]) {
    const role = nodeAt(draft, i).role;
    if (role.kind === 'awaitingLogin' && --role.remainingTicks <= 0) {
      leaveSupernode(draft, i);
      failAttempt(ctx, i);
    }
  }
}

/** A queued node logs in and becomes an ordinary child of the supernode that admitted it. */
function logIn(ctx: StepContext, i: NodeIndex): void {
  const node = nodeAt(ctx.draft, i);
  if (node.role.kind !== 'awaitingLogin') return;
  node.role = { kind: 'ordinary', parent: node.role.supernode };
  node.attempt = 0;
  node.retryDelay = 0;
}

/**
 * A node that reaches a live supernode, whether admitted or refused, takes that supernode's list of
 * active supernodes as its new host cache ([D] admin guide: on contacting a working supernode a
 * client "gets an updated list of … currently active supernodes").
 */
function refreshHostCache(ctx: StepContext, i: NodeIndex, supernode: NodeIndex): void {
  const node = nodeAt(ctx.draft, i);
  const random = randomOn(ctx.draft);
  const cache = guarded(ctx, 'refreshHostCache', node.hostCache, () =>
    ctx.algorithm.refreshHostCache(ctx.view, i, supernode, random),
  );
  const problem = hostCacheProblem(ctx.config, i, cache);
  if (problem === null) node.hostCache = [...cache];
  else recordViolation(ctx.draft, 'host-cache-invalid', `${ctx.algorithm.name}.refreshHostCache for node ${i} ${problem}`);
}

/** Every connecting node whose retry is due probes one supernode: at most one attempt per node per tick (S8). */
function connectDueNodes(ctx: StepContext): void {
  const { draft } = ctx;
  for (let i = 0 as NodeIndex; i < draft.nodes.length; i++) {
    const node = nodeAt(draft, i);
    if (node.role.kind === 'connecting' && node.retryTicks === 0) probe(ctx, i);
  }
}

function probe(ctx: StepContext, i: NodeIndex): void {
  const { config, draft, algorithm } = ctx;
  draft.lastTick.probes += 1;
  const random = randomOn(draft);
  const target = guarded(ctx, 'chooseSupernode', null, () => algorithm.chooseSupernode(ctx.view, i, random));
  if (target === null) return failAttempt(ctx, i);
  const node = nodeAt(draft, i);
  const known = isNodeIndex(config, target) && (node.hostCache.includes(target) || config.nodes[target]?.kind === 'bootstrap');
  if (!known || target === i) {
    recordViolation(
      draft,
      'choose-unknown-node',
      `${algorithm.name}.chooseSupernode for node ${i} returned ${JSON.stringify(target)}, which is neither in its host cache nor a bootstrap node`,
    );
    return failAttempt(ctx, i);
  }
  const targetRole = nodeAt(draft, target).role;
  if (targetRole.kind !== 'supernode') return failAttempt(ctx, i);
  refreshHostCache(ctx, i, target);
  const accepted = guarded(ctx, 'admit', false, () => algorithm.admit(ctx.view, target, i));
  if (typeof accepted !== 'boolean') {
    recordViolation(draft, 'admit-not-boolean', `${algorithm.name}.admit returned ${JSON.stringify(accepted)}, not a boolean`);
    return failAttempt(ctx, i);
  }
  if (!accepted) return failAttempt(ctx, i);
  targetRole.children.push(i);
  node.role = { kind: 'awaitingLogin', supernode: target, remainingTicks: config.loginTimeoutTicks };
  draft.loginQueue.push(i);
  draft.lastTick.admissions += 1;
}
