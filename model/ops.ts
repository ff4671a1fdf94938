import { recordViolation, retryDelayProblem } from './contract.ts';
import type { NodeDraft, StateDraft, StepContext } from './draft.ts';
import type { NodeIndex } from './ids.ts';
import { randomOn } from './random.ts';

/**
 * The mechanics shared by several transitions: leaving a supernode, orphaning children, going down,
 * failing an attempt. Each keeps the parent/child links and the login queue consistent (S1), so no
 * transition has to.
 */

export function nodeAt(draft: StateDraft, i: NodeIndex): NodeDraft {
  return draft.nodes[i] as NodeDraft;
}

function removeFrom(list: NodeIndex[], i: NodeIndex): void {
  const at = list.indexOf(i);
  if (at >= 0) list.splice(at, 1);
}

/** A node that holds a slot (ordinary, or awaiting login) gives it back and leaves the login queue. */
export function leaveSupernode(draft: StateDraft, i: NodeIndex): void {
  const role = nodeAt(draft, i).role;
  if (role.kind === 'awaitingLogin') removeFrom(draft.loginQueue, i);
  const parent = role.kind === 'ordinary' ? role.parent : role.kind === 'awaitingLogin' ? role.supernode : null;
  if (parent === null) return;
  const parentRole = nodeAt(draft, parent).role;
  if (parentRole.kind === 'supernode') removeFrom(parentRole.children, i);
}

/** The client is running, looks for a supernode and probes on the next tick. */
export function startConnecting(node: NodeDraft): void {
  node.role = { kind: 'connecting' };
  node.attempt = 0;
  node.retryTicks = 0;
  node.retryDelay = 0;
}

/** Every child of supernode `s` loses its parent and reconnects, as after a supernode failure ([D]). */
export function orphanChildren(draft: StateDraft, s: NodeIndex): void {
  const role = nodeAt(draft, s).role;
  if (role.kind !== 'supernode') return;
  for (const child of role.children) {
    if (nodeAt(draft, child).role.kind === 'awaitingLogin') removeFrom(draft.loginQueue, child);
    startConnecting(nodeAt(draft, child));
  }
  role.children = [];
}

/** Whatever node `i` was doing, it stops: it leaves its supernode, or orphans its children. */
export function detach(draft: StateDraft, i: NodeIndex): void {
  orphanChildren(draft, i);
  leaveSupernode(draft, i);
}

/** Node `i` goes down for `ticks`: a machine reboot (uptime lost) or a client restart (uptime kept). */
export function goDown(draft: StateDraft, i: NodeIndex, ticks: number, machineReboot: boolean): void {
  detach(draft, i);
  const node = nodeAt(draft, i);
  node.role = { kind: 'booting', remainingTicks: ticks };
  node.attempt = 0;
  node.retryTicks = 0;
  node.retryDelay = 0;
  if (machineReboot) {
    node.uptime = 0;
    node.rebootInTicks = -1;
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
  const node = nodeAt(ctx.draft, i);
  node.role = { kind: 'connecting' };
  node.attempt += 1;
  const attempt = node.attempt;
  const random = randomOn(ctx.draft);
  let delay = guarded(ctx, 'retryDelay', ctx.config.backoffCapTicks, () =>
    ctx.algorithm.retryDelay(ctx.view, i, attempt, random),
  );
  const problem = retryDelayProblem(ctx.config, delay);
  if (problem !== null) {
    recordViolation(ctx.draft, 'retry-delay-out-of-range', `${ctx.algorithm.name}.retryDelay for node ${i}: ${problem}`);
    delay = ctx.config.backoffCapTicks;
  }
  node.retryTicks = delay;
  node.retryDelay = delay;
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
