import type { Shedding, TickPlan } from '../algorithm.ts';
import { isNodeIndex, recordViolation } from '../contract.ts';
import type { StepContext } from '../draft.ts';
import type { NodeIndex } from '../ids.ts';
import { detach, goDown, guarded, leaveSupernode, nodeAt, startConnecting } from '../ops.ts';
import { trueCapacity } from '../queries.ts';
import { randomOn } from '../random.ts';
import type { State } from '../state.ts';

/**
 * The algorithm's plan for the tick, applied in the order load is relieved and then supplied:
 * shedding, demotion, promotion. Each decision is checked against the contract where it is
 * applied; a refused decision is skipped and the rest of the plan still runs.
 */
export function applyPlan(ctx: StepContext): void {
  const random = randomOn(ctx.draft);
  const capacity = trueCapacity(ctx.config, ctx.draft as State);
  const plan = guarded<TickPlan | null>(ctx, 'plan', null, () => ctx.algorithm.plan(ctx.view, ctx.draft.memory, random));
  const problem = planShapeProblem(plan);
  if (problem !== null || plan === null) {
    if (problem !== null) recordViolation(ctx.draft, 'plan-malformed', `${ctx.algorithm.name}.plan returned a plan whose ${problem}`);
    return;
  }
  ctx.draft.belief = { supernodes: plan.belief.supernodes, freeSlots: plan.belief.freeSlots };
  ctx.draft.capacityAtPlan = capacity;
  ctx.draft.memory = plan.memory as typeof ctx.draft.memory;
  for (const shedding of plan.shed) shed(ctx, shedding);
  for (const s of plan.demote) demote(ctx, s);
  for (const i of plan.promote) promote(ctx, i);
}

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}

function planShapeProblem(plan: TickPlan | null): string | null {
  if (plan === null) return null;
  if (typeof plan !== 'object') return 'value is not an object';
  if (typeof plan.belief !== 'object' || plan.belief === null) return 'belief is missing';
  if (!isCount(plan.belief.supernodes) || !isCount(plan.belief.freeSlots)) return 'belief counts are not non-negative integers';
  for (const field of ['promote', 'demote', 'shed'] as const) {
    if (!Array.isArray(plan[field])) return `${field} is not an array`;
  }
  if (plan.memory === undefined) return 'memory is undefined (use null)';
  return null;
}

function refuse(ctx: StepContext, rule: 'promote-ineligible' | 'demote-not-supernode' | 'shed-invalid', message: string): void {
  recordViolation(ctx.draft, rule, `${ctx.algorithm.name}.plan: ${message}`);
}

/** Why node `i` cannot be promoted, or null: a running user client with a public address. */
function promotionProblem(ctx: StepContext, i: unknown): string | null {
  if (!isNodeIndex(ctx.config, i)) return `${JSON.stringify(i)} is not a node index`;
  const spec = ctx.config.nodes[i];
  const kind = nodeAt(ctx.draft, i).role.kind;
  if (spec?.kind !== 'user') return `node ${i} is a ${spec?.kind} node, not a user node`;
  if (!spec.isPublic) return `node ${i} has no public address`;
  if (kind !== 'connecting' && kind !== 'ordinary') return `node ${i} is ${kind}, not connecting or ordinary`;
  return null;
}

function promote(ctx: StepContext, i: NodeIndex): void {
  const problem = promotionProblem(ctx, i);
  if (problem !== null) return refuse(ctx, 'promote-ineligible', `cannot promote ${problem}`);
  leaveSupernode(ctx.draft, i);
  const node = nodeAt(ctx.draft, i);
  node.role = { kind: 'supernode', children: [], warmupTicks: ctx.config.warmupTicks };
  node.attempt = 0;
  node.retryTicks = 0;
  node.retryDelay = 0;
}

function demote(ctx: StepContext, s: NodeIndex): void {
  const isUserSupernode =
    isNodeIndex(ctx.config, s) && ctx.config.nodes[s]?.kind === 'user' && nodeAt(ctx.draft, s).role.kind === 'supernode';
  if (!isUserSupernode) return refuse(ctx, 'demote-not-supernode', `cannot demote ${JSON.stringify(s)}: not a user supernode`);
  detach(ctx.draft, s);
  startConnecting(nodeAt(ctx.draft, s));
}

function shed(ctx: StepContext, shedding: Shedding): void {
  const s = shedding?.supernode;
  const role = isNodeIndex(ctx.config, s) ? nodeAt(ctx.draft, s).role : null;
  if (role?.kind !== 'supernode') return refuse(ctx, 'shed-invalid', `cannot shed at ${JSON.stringify(s)}: not a supernode`);
  if (shedding.kind === 'shutdown') {
    if (ctx.config.nodes[s]?.kind !== 'user') return refuse(ctx, 'shed-invalid', `operator node ${s} cannot shut itself down`);
    goDown(ctx.draft, s, ctx.config.restartTicks, false);
    ctx.draft.lastTick.shutdowns += 1;
    return;
  }
  if (shedding.kind !== 'drop' || !Array.isArray(shedding.children)) {
    return refuse(ctx, 'shed-invalid', `shedding at ${s} is neither a drop with a children array nor a shutdown`);
  }
  for (const child of shedding.children) {
    if (!role.children.includes(child)) return refuse(ctx, 'shed-invalid', `node ${JSON.stringify(child)} is not a child of ${s}`);
    leaveSupernode(ctx.draft, child);
    startConnecting(nodeAt(ctx.draft, child));
    ctx.draft.lastTick.shedChildren += 1;
  }
}
