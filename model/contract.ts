import type { Config } from './config.ts';
import type { StateDraft } from './draft.ts';
import type { NodeIndex } from './ids.ts';
import type { Json } from './state.ts';

/**
 * The contract between the model and an algorithm. Every decision is checked before it is applied;
 * a decision that breaks a rule is skipped whole, and the first broken rule is recorded in
 * `State.violation`, where the `contract` property reports it with the trace that led to it.
 *
 * The contract covers what the model cannot represent or what no real network could do: attaching
 * to a node that is not a supernode, promoting a node behind NAT, a host cache over its bound, a
 * retry that never comes. Policy (capacity, the promotion criterion, backoff shape) is left to the
 * properties, so that a policy bug is a counterexample, not a refused decision.
 */
export type ContractRule =
  | 'algorithm-threw'
  | 'choose-unknown-node'
  | 'admit-not-boolean'
  | 'retry-delay-out-of-range'
  | 'host-cache-invalid'
  | 'plan-malformed'
  | 'promote-ineligible'
  | 'demote-not-supernode'
  | 'shed-invalid';

export function recordViolation(draft: StateDraft, rule: ContractRule, message: string, nodes: readonly NodeIndex[] = []): void {
  if (draft.violation === null) draft.violation = { rule, message, tick: draft.tick, nodes: [...nodes] };
}

export function isNodeIndex(config: Config, value: unknown): value is NodeIndex {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < config.nodes.length;
}

/** Why a host cache is invalid, or null: distinct node indices, at most `hostCacheMax`, not `self`. */
export function hostCacheProblem(config: Config, self: NodeIndex, cache: unknown): string | null {
  if (!Array.isArray(cache)) return 'is not an array';
  if (cache.length > config.hostCacheMax) return `has ${cache.length} entries, more than hostCacheMax ${config.hostCacheMax}`;
  const seen = new Set<number>();
  for (const entry of cache) {
    if (!isNodeIndex(config, entry)) return `entry ${JSON.stringify(entry)} is not a node index`;
    if (entry === self) return `contains the node itself (${self})`;
    if (seen.has(entry)) return `contains ${entry} twice`;
    seen.add(entry);
  }
  return null;
}

/** Why `delay` is not a valid retry delay, or null. */
export function retryDelayProblem(config: Config, delay: unknown): string | null {
  if (Number.isInteger(delay) && (delay as number) >= 1 && (delay as number) <= config.backoffCapTicks) return null;
  return `${shown(delay)} is not an integer from 1 to backoffCapTicks ${config.backoffCapTicks}`;
}

/** A value an algorithm returned, for a message: JSON.stringify throws on a BigInt or a cycle, and shows NaN as null. */
function shown(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Arrays and objects inside one another, at most, in memory that counts as JSON. */
const jsonDepthMax = 1000;

/**
 * Whether `value` survives a JSON round trip unchanged: what the algorithm's memory must do. A
 * cycle, or nesting deeper than `jsonDepthMax`, is not JSON; it is found without recursing forever.
 */
export function isJson(value: unknown): value is Json {
  return isJsonWithin(value, new Set());
}

function isJsonWithin(value: unknown, ancestors: Set<object>): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || ancestors.has(value) || ancestors.size >= jsonDepthMax) return false;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return false;
  ancestors.add(value);
  const json = (Array.isArray(value) ? value : Object.values(value)).every((item) => isJsonWithin(item, ancestors));
  ancestors.delete(value);
  return json;
}
