import {
  applies,
  type Config,
  clampUsage,
  type Event,
  indicesOf,
  initialState,
  ordinalIn,
  type State,
  type System,
  step,
  userSupernodes,
} from '../model/index.ts';

/**
 * A trace's events rewritten, one by one, into the form the explorer's alphabet uses for the same
 * effect in the state where each is applied: a user ordinal modulo the number of users (`userAt`), a
 * crash's supernode ordinals modulo the user supernodes of that moment, deduplicated and sorted (the
 * crash transition hits a set of them in index order), a spike's percent truncated and clamped as the
 * transition clamps it, and every event rebuilt with its fields in one order, so that two events
 * equal in effect are equal as JSON.
 *
 * This is what lets a search over `alphabetOf` plus the trace's own events contain the trace:
 * `crash(sn 5)` among two supernodes is `crash(sn 1)`, which the model offers, whereas the model
 * leaves out a crash whose first ordinal is past the current supernodes. The trace is replayed with
 * `step` to know those counts; an event that does not apply is kept as it is (it changes nothing).
 */
export function canonicalEvents(system: System, events: readonly Event[]): Event[] {
  const { config } = system;
  let state = initialState(config, system.algorithm);
  return events.map((event) => {
    const canonical = applies(config, state, event) ? canonicalEvent(config, state, event) : event;
    state = step(system, state, event);
    return canonical;
  });
}

function canonicalEvent(config: Config, state: State, event: Event): Event {
  switch (event.kind) {
    case 'tick':
    case 'quiet':
      return { kind: event.kind };
    case 'reboot':
    case 'login':
    case 'logout':
      return { kind: event.kind, user: ordinalIn(event.user, indicesOf(config, 'user').length) };
    case 'crash': {
      const supernodes = userSupernodes(config, state).length;
      const ordinals = new Set(event.supernodes.map((k) => ordinalIn(k, supernodes)));
      return { kind: 'crash', supernodes: [...ordinals].sort((a, b) => a - b) };
    }
    case 'usageSpike':
      return { kind: 'usageSpike', percent: clampUsage(event.percent) };
    case 'patchStorm': {
      const { percent, windowTicks, biasSupernodes, offset } = event;
      return { kind: 'patchStorm', percent, windowTicks, biasSupernodes, offset };
    }
    case 'addMega':
      return { kind: 'addMega', count: event.count };
  }
}
