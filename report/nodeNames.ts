import type { Config } from '../model/index.ts';

/**
 * One name per node in every rendering: its index into the state (what violations and the model
 * use), with the user ordinal events address it by beside it, so `reboot(u0)` and "node 1" can be
 * matched up: `node 1 (user 0)`, `node 0 (bootstrap)`, `node 4 (mega)`.
 */
export function nodeName(config: Config, i: number): string {
  const kind = config.nodes[i]?.kind;
  if (kind === undefined) return `node ${i}`;
  if (kind !== 'user') return `node ${i} (${kind})`;
  let ordinal = 0;
  for (let k = 0; k < i; k++) if (config.nodes[k]?.kind === 'user') ordinal++;
  return `node ${i} (user ${ordinal})`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `1 child`, `2 children`: a count with its noun, plural given when it is not the noun and an s. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
