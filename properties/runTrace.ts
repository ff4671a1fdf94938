import type { Event, State, System } from '../model/index.ts';
import { initialState, step } from '../model/index.ts';
import type { Property, Violation } from './property.ts';
import { firstViolation } from './registry.ts';

/** Where a run broke: after `step` events (0 is the initial state), which property, and what it says. */
export interface Failure {
  readonly step: number;
  readonly property: Property;
  readonly violation: Violation;
  readonly state: State;
}

export interface TraceResult {
  /** The state after each event, starting with the initial state: `events.length + 1` states, fewer if it broke. */
  readonly states: readonly State[];
  readonly failure: Failure | null;
}

/**
 * Folds `step` over `events` from the initial state and checks `selected` after every step, stopping
 * at the first violation. This is replay in its plainest form; every strategy reduces to it.
 */
export function runTrace(system: System, events: readonly Event[], selected: readonly Property[]): TraceResult {
  let state = initialState(system.config, system.algorithm);
  const states: State[] = [state];
  const initial = firstViolation(selected, { config: system.config, before: null, event: null, after: state });
  if (initial !== null) return { states, failure: { step: 0, ...initial, state } };
  for (let k = 0; k < events.length; k++) {
    const event = events[k] as Event;
    const before = state;
    state = step(system, state, event);
    states.push(state);
    const found = firstViolation(selected, { config: system.config, before, event, after: state });
    if (found !== null) return { states, failure: { step: k + 1, ...found, state } };
  }
  return { states, failure: null };
}
