import type { Shedding, TickPlan } from '../algorithm.ts';
import { isJson, isNodeIndex, recordViolation } from '../contract.ts';
import type { StepContext } from '../draft.ts';
import type { NodeIndex } from '../ids.ts';
import { detach, enterRole, goDown, guarded, leaveSupernode, startConnecting } from '../ops.ts';
import { trueCapacity } from '../queries.ts';

/**
 * The algorithm's plan for the tick, applied in the order load is relieved and then supplied:
 * shedding, demotion, promotion. Each decision is checked against the contract where it is
 * applied; a refused decision is skipped whole and the rest of the plan still runs.
 */
export function applyPlan(ctx: StepContext): void {
  const capacity = trueCapacity(ctx.config, ctx.view.state);
  const threw = Symbol('threw');
  const plan = guarded<TickPlan | typeof threw>(ctx, 'plan', threw, () => ctx.algorithm.plan(ctx.view, ctx.view.state.memory, ctx.random));
  if (plan === threw) return;
  const problem = planShapeProblem(plan);
  if (problem !== null) {
    recordViolation(ctx.draft, 'plan-malformed', `${ctx.algorithm.name}.plan returned a plan whose ${problem}`);
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

function planShapeProblem(plan: unknown): string | null {
  if (typeof plan !== 'object' || plan === null) return `value ${JSON.stringify(plan)} is not an object`;
  const { belief, memory } = plan as Partial<TickPlan>;
  if (typeof belief !== 'object' || belief === null) return 'belief is missing';
  if (!isCount(belief.supernodes) || !isCount(belief.freeSlots)) return 'belief counts are not non-negative integers';
  for (const field of ['promote', 'demote', 'shed'] as const) {
    if (!Array.isArray((plan as Partial<TickPlan>)[field])) return `${field} is not an array`;
  }
  if (!isJson(memory)) return 'memory is not JSON (use null for none; numbers must be finite)';
  return null;
}

type PlanRule = 'promote-ineligible' | 'demote-not-supernode' | 'shed-invalid';

function refuse(ctx: StepContext, rule: PlanRule, message: string, nodes: readonly NodeIndex[]): void {
  recordViolation(ctx.draft, rule, `${ctx.algorithm.name}.plan: ${message}`, nodes);
}

/** Why node `i` cannot be promoted, or null: a running user client with a public address. */
function promotionProblem(ctx: StepContext, i: unknown): string | null {
  if (!isNodeIndex(ctx.config, i)) return `${JSON.stringify(i)} is not a node index`;
  const spec = ctx.config.nodes[i];
  const kind = ctx.read(i).role.kind;
  if (spec?.kind !== 'user') return `node ${i} is a ${spec?.kind} node, not a user node`;
  if (!spec.isPublic) return `node ${i} has no public address`;
  if (kind !== 'connecting' && kind !== 'ordinary') return `node ${i} is ${kind}, not connecting or ordinary`;
  return null;
}

function promote(ctx: StepContext, i: NodeIndex): void {
  const problem = promotionProblem(ctx, i);
  if (problem !== null) {
    refuse(ctx, 'promote-ineligible', `cannot promote ${problem}`, isNodeIndex(ctx.config, i) ? [i] : []);
    return;
  }
  leaveSupernode(ctx, i);
  enterRole(ctx, i, { kind: 'supernode', children: [] }, ctx.config.warmupTicks);
}

function demote(ctx: StepContext, s: NodeIndex): void {
  const isUserSupernode = isNodeIndex(ctx.config, s) && ctx.config.nodes[s]?.kind === 'user' && ctx.read(s).role.kind === 'supernode';
  if (!isUserSupernode) {
    refuse(ctx, 'demote-not-supernode', `cannot demote ${JSON.stringify(s)}: not a user supernode`, isNodeIndex(ctx.config, s) ? [s] : []);
    return;
  }
  detach(ctx, s);
  startConnecting(ctx, s);
}

/** Why a shedding decision cannot be applied, or null; checked whole before any of it is applied. */
function sheddingProblem(ctx: StepContext, shedding: Shedding): string | null {
  const s = shedding?.supernode;
  const role = isNodeIndex(ctx.config, s) ? ctx.read(s).role : null;
  if (role?.kind !== 'supernode') return `cannot shed at ${JSON.stringify(s)}: not a supernode`;
  if (shedding.kind === 'shutdown') return ctx.config.nodes[s]?.kind === 'user' ? null : `operator node ${s} cannot shut itself down`;
  if (shedding.kind !== 'drop' || !Array.isArray(shedding.children)) {
    return `shedding at ${s} is neither a drop with a children array nor a shutdown`;
  }
  const stranger = shedding.children.find((c) => !role.children.includes(c));
  return stranger === undefined ? null : `node ${JSON.stringify(stranger)} is not a child of ${s}`;
}

function shed(ctx: StepContext, shedding: Shedding): void {
  const problem = sheddingProblem(ctx, shedding);
  if (problem !== null) {
    refuse(ctx, 'shed-invalid', problem, isNodeIndex(ctx.config, shedding?.supernode) ? [shedding.supernode] : []);
    return;
  }
  if (shedding.kind === 'shutdown') {
    goDown(ctx, shedding.supernode, ctx.config.restartTicks, false);
    ctx.draft.lastTick.shutdowns += 1;
    return;
  }
  for (const child of new Set(shedding.children)) {
    leaveSupernode(ctx, child);
    startConnecting(ctx, child);
    ctx.draft.lastTick.shedChildren += 1;
  }
}
