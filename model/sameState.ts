import type { State } from './state.ts';

/**
 * Whether two states are equal as JSON values in every field but `tick`: a tick that leaves a state
 * so has left the network steady, since no transition reads the absolute tick. The settle phase
 * ends there, and the explorer's quiet phase stops stepping there.
 */
export function sameButTick(a: State, b: State): boolean {
  for (const field of Object.keys(a) as (keyof State)[]) {
    if (field !== 'tick' && !sameJson(a[field], b[field])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
