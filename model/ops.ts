import { recordViolation, retryDelayProblem } from './contract.ts';
import type { NodeDraft, StateDraft, StepContext } from './draft.ts';
import type { NodeIndex } from './ids.ts';
import { forgetSupernodes } from './queries.ts';

/**
 * The mechanics shared by several transitions: leaving a supernode, orphaning children, going down,
 * failing an attempt. Each keeps the parent/child links and the login queue consistent (S1), so no
 * transition has to.
 */

function removeFrom(list: NodeIndex[], i: NodeIndex): void {
  const at = list.indexOf(i);
  if (at >= 0) list.splice(at, 1);
}

/** A node that holds a slot (ordinary, or awaiting login) gives it back and leaves the login queue. */
export function leaveSupernode(ctx: StepContext, i: NodeIndex): void {
  const role = ctx.read(i).role;
  if (role.kind === 'awaitingLogin') removeFrom(ctx.queue(), i);
  const parent = role.kind === 'ordinary' ? role.parent : role.kind === 'awaitingLogin' ? role.supernode : null;
  if (parent === null || ctx.read(parent).role.kind !== 'supernode') return;
  const parentRole = ctx.write(parent).role;
  if (parentRole.kind === 'supernode') removeFrom(parentRole.children, i);
  forgetSupernodes(ctx.view);
}

/**
 * Node `i` takes a new role with a clean slate: no failed attempts, no retry pending, and the role's
 * own timer set to `roleTicks` (0 for roles without one). Every role change but a failed attempt
 * and an admission (which keeps the count of attempts until the log-in, model/transitions/tick.ts)
 * goes through here, so no role inherits the previous one's counters.
 */
export function enterRole(ctx: StepContext, i: NodeIndex, role: NodeDraft['role'], roleTicks = 0): NodeDraft {
  if (role.kind === 'supernode' || ctx.read(i).role.kind === 'supernode') forgetSupernodes(ctx.view);
  const node = ctx.write(i);
  node.role = role;
  node.attempt = 0;
  node.retryDelay = 0;
  ctx.setClock('retryTicks', i, 0);
  ctx.setClock('roleTicks', i, roleTicks);
  return node;
}

/** The client is running, looks for a supernode and probes on the next tick. */
export function startConnecting(ctx: StepContext, i: NodeIndex): NodeDraft {
  return enterRole(ctx, i, { kind: 'connecting' });
}

/** Every child of supernode `s` loses its parent and reconnects, as after a supernode failure ([D]). */
export function orphanChildren(ctx: StepContext, s: NodeIndex): void {
  const role = ctx.read(s).role;
  if (role.kind !== 'supernode' || role.children.length === 0) return;
  for (const child of role.children) {
    if (ctx.read(child).role.kind === 'awaitingLogin') removeFrom(ctx.queue(), child);
    startConnecting(ctx, child);
  }
  const written = ctx.write(s).role;
  if (written.kind === 'supernode') written.children = [];
  forgetSupernodes(ctx.view);
}

/** Whatever node `i` was doing, it stops: it leaves its supernode, or orphans its children. */
export function detach(ctx: StepContext, i: NodeIndex): void {
  orphanChildren(ctx, i);
  leaveSupernode(ctx, i);
}

/** The client stops running: it leaves the network and holds no one. */
export function goOffline(ctx: StepContext, i: NodeIndex): void {
  detach(ctx, i);
  enterRole(ctx, i, { kind: 'offline' });
}

/** Node `i` goes down for `ticks`: a machine reboot (uptime lost) or a client restart (uptime kept). */
export function goDown(ctx: StepContext, i: NodeIndex, ticks: number, machine: boolean): void {
  detach(ctx, i);
  enterRole(ctx, i, { kind: 'booting', machine }, ticks);
  if (machine) {
    ctx.setClock('uptime', i, 0);
    ctx.setClock('rebootInTicks', i, -1);
  }
}

/** Calls into the algorithm; an exception becomes a contract violation and `fallback` is used. */
export function guarded<T>(ctx: StepContext, what: string, fallback: T, call: () => T): T {
  try {
    return call();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    recordViolation(ctx.draft, 'algorithm-threw', `${ctx.algorithm.name}.${what} threw: ${reason}`);
    return fallback;
  }
}

/** A failed attempt: the node stays connecting and waits the delay the algorithm chooses. */
export function failAttempt(ctx: StepContext, i: NodeIndex): void {
  const node = ctx.write(i);
  node.role = { kind: 'connecting' };
  node.attempt += 1;
  const attempt = node.attempt;
  let delay = guarded(ctx, 'retryDelay', ctx.config.backoffCapTicks, () => ctx.algorithm.retryDelay(ctx.view, i, attempt, ctx.random));
  const problem = retryDelayProblem(ctx.config, delay);
  if (problem !== null) {
    recordViolation(ctx.draft, 'retry-delay-out-of-range', `${ctx.algorithm.name}.retryDelay for node ${i}: ${problem}`, [i]);
    delay = ctx.config.backoffCapTicks;
  }
  node.retryDelay = delay;
  ctx.setClock('retryTicks', i, delay);
  ctx.setClock('roleTicks', i, 0);
}

/**
 * Restarts the quiet clock when the quiet phase is disturbed after all: by a login or logout (every
 * healing bound is a function of who wants to be online) or by a storm's reboot that was already
 * scheduled. Healing bounds are measured from the last such change.
 */
export function restartQuietClock(draft: StateDraft): void {
  if (draft.quietSince < 0) return;
  draft.quietSince = draft.tick;
  draft.onlinePeakSinceQuiet = 0;
}
