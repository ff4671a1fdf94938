import type { State } from './state.ts';

/**
 * Whether two states are equal as JSON values in every field but `tick`: a tick that leaves a state
 * so has left the network steady, since no transition reads the absolute tick. The settle phase
 * ends there, and the explorer's quiet phase stops stepping there.
 */
export function sameButTick(a: State, b: State): boolean {
  return sameFields(a as unknown as Fields, b as unknown as Fields, 'tick');
}

type Fields = Readonly<Record<string, unknown>>;

/**
 * Loops with `for … in` and index loops rather than `Object.keys`: the explorer asks this of every
 * quiet tick's successors, and the key arrays showed in its profiles.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (!isArray) return sameFields(a as Fields, b as Fields);
  const x = a as readonly unknown[];
  const y = b as readonly unknown[];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!sameJson(x[i], y[i])) return false;
  return true;
}

/** Whether `a` and `b` have the same fields with the same values, `except` aside. */
function sameFields(a: Fields, b: Fields, except?: string): boolean {
  let count = 0;
  for (const key in a) {
    count++;
    if (key !== except && !(key in b && sameJson(a[key], b[key]))) return false;
  }
  for (const _ in b) count--;
  return count === 0;
}
