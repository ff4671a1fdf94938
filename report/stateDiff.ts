import type { State } from '../model/index.ts';

/** One field of the state that a step changed: its path (`clocks.retryTicks[1]`) and both values as JSON. */
export interface FieldChange {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/**
 * Keys whose values are shown whole: a role, and the lists of node indices (children, host cache,
 * login queue), read better as one value than as one line per entry.
 */
const whole = new Set(['role', 'hostCache', 'loginQueue', 'children']);

function leaves(value: unknown, path: string, key: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !whole.has(key)) {
    const array = Array.isArray(value);
    for (const [k, v] of Object.entries(value)) leaves(v, array ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`, k, out);
    return;
  }
  out.set(path, JSON.stringify(value));
}

function flattened(state: State): Map<string, string> {
  const out = new Map<string, string>();
  leaves(state, '', '', out);
  return out;
}

/**
 * The fields of the state that differ between `before` and `after`, in the state's own order, as
 * TLC's trace explorer shows them: what one step changed, and nothing else.
 */
export function stateDiff(before: State, after: State): FieldChange[] {
  const was = flattened(before);
  const now = flattened(after);
  const changes: FieldChange[] = [];
  for (const path of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(path) ?? 'absent';
    const a = now.get(path) ?? 'absent';
    if (a !== b) changes.push({ path, before: b, after: a });
  }
  return changes;
}
