import { type Event, type State, type System, stepMutable } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { firstViolation } from '../properties/registry.ts';
import type { ContinuationViolation } from './model.ts';

export interface QuietSuffixOptions {
  /** Ticks after the `quiet` event: `quietTicksFor(system)`, as at the end of every random run. */
  readonly ticks: number;
  /**
   * Stop stepping once a tick changes nothing but the clock (see below). Sound only when the
   * algorithm does not read `state.tick`, the assumption the canonical key makes too.
   */
  readonly shortcut: boolean;
}

const quiet: Event = { kind: 'quiet' };
const tick: Event = { kind: 'tick' };

/**
 * Runs the quiet phase from `state` (the `quiet` event, then `options.ticks` ticks) and checks every
 * selected property after each step, as a random run's quiet phase does.
 *
 * Most suffixes settle long before they end: on `tiny`, four in five reach a state that a tick
 * leaves unchanged but for `tick` within 16 of their 32 ticks. From such a fixed point every later
 * tick gives the same state again, because no transition and no built-in algorithm reads the
 * absolute tick; so the rest of the suffix is the same state with the clock advanced, and only the
 * properties, whose healing bounds count quiet ticks, need to see it. Skipping those steps more than
 * halves the cost of a suffix.
 */
export function quietSuffix(
  system: System,
  selected: readonly Property[],
  options: QuietSuffixOptions,
  state: State,
): ContinuationViolation<Event> | null {
  const { config } = system;
  const events: Event[] = [];
  let current = state;
  let settled = false;
  for (let k = 0; k <= options.ticks; k++) {
    const event = k === 0 ? quiet : tick;
    const before = current;
    current = settled ? { ...before, tick: before.tick + 1 } : stepMutable(system, before, event);
    if (options.shortcut && k > 0 && !settled) settled = sameButTick(before, current);
    events.push(event);
    const found = firstViolation(selected, { config, before, event, after: current });
    if (found !== null) return { property: found.property.name, message: found.violation.message, actions: events };
  }
  return null;
}

/** Whether two states are equal as JSON values in every field but `tick`. */
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
