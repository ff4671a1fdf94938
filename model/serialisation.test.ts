// Proves, on every preset run under the healing algorithm, that a state is plain JSON that steps the
// same after a round trip, that `step` (immer) and `stepMutable` (plain copy) agree, and that `step`
// never mutates the state it is given.
import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/healing.ts';
import type { System } from './draft.ts';
import type { Event } from './events.ts';
import { initialState } from './initial.ts';
import { presets } from './presets.ts';
import type { RoleKind, State } from './state.ts';
import { step, stepMutable } from './step.ts';

/** Events after a checkpoint that the parsed copy and the original both step through. */
const followingEvents = 12;

function eventsOf(scenario: readonly Event[]): readonly Event[] {
  // Scenarios begin on a settled network; 60 ticks from the cold start settle every preset.
  const ticks = Array.from({ length: 60 }, () => ({ kind: 'tick' }) as const);
  return scenario.length > 0 ? [...ticks, ...scenario] : ticks;
}

/** Every state of the run: `states[k]` is the state after the first `k` events. */
function run(system: System, events: readonly Event[]): State[] {
  const states = [initialState(system.config, system.algorithm)];
  for (const event of events) states.push(step(system, states[states.length - 1] as State, event));
  return states;
}

/** The paths in `value` to objects and arrays that are not frozen; empty when it is frozen all the way down. */
function unfrozenPaths(value: unknown, path = 'state'): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const own = Object.isFrozen(value) ? [] : [path];
  return own.concat(...Object.entries(value).map(([key, child]) => unfrozenPaths(child, `${path}.${key}`)));
}

function roundTrip(state: State): State {
  return JSON.parse(JSON.stringify(state)) as State;
}

describe.each(Object.entries(presets))('preset %s under healing', (_name, preset) => {
  const system: System = { config: preset.config, algorithm: healing };
  const events = eventsOf(preset.scenario);

  it('has states that survive a JSON round trip and step the same afterwards', () => {
    const states = run(system, events);
    const checkpoints = [0, 1, 2, 3, 4].map((k) => Math.floor((k * events.length) / 4));
    for (const at of checkpoints) {
      let original = states[at] as State;
      let parsed = roundTrip(original);
      expect(parsed).toStrictEqual(original);
      for (const event of events.slice(at, at + followingEvents)) {
        original = step(system, original, event);
        parsed = step(system, parsed, event);
        expect(parsed).toStrictEqual(original);
      }
    }
  });

  // `step` writes its changes to plain copies and freezes them itself (model/draft.ts); an input that
  // is not frozen (a parsed file, a state built by hand) must come through unchanged all the same.
  it('steps the same under immer and on a plain copy, neither mutates the state it is given, and immer gives frozen states', () => {
    let immutable = initialState(system.config, system.algorithm);
    let mutable = initialState(system.config, system.algorithm);
    for (const event of events) {
      const before = JSON.stringify(immutable);
      const unfrozen = roundTrip(immutable);
      const next = step(system, immutable, event);
      expect(JSON.stringify(immutable)).toBe(before);
      expect(unfrozenPaths(next)).toEqual([]);
      expect(step(system, unfrozen, event)).toStrictEqual(next);
      expect(JSON.stringify(unfrozen)).toBe(before);
      const nextMutable = stepMutable(system, mutable, event);
      expect(JSON.stringify(mutable)).toBe(before);
      expect(nextMutable).toStrictEqual(next);
      immutable = next;
      mutable = nextMutable;
    }
  });

  // Under immer the algorithm sees a view with getters (draft.ts, `LiveView`); an algorithm that logs
  // or hashes `JSON.stringify(view.state)` must see every field, as it does on a plain copy.
  it('gives the algorithm a view that serialises the same under immer and on a plain copy', () => {
    const seen: Record<'immer' | 'mutable', string[]> = { immer: [], mutable: [] };
    const recording = (engine: keyof typeof seen): System => ({
      config: preset.config,
      algorithm: {
        ...healing,
        plan: (view, memory, random) => {
          seen[engine].push(JSON.stringify(view.state));
          return healing.plan(view, memory, random);
        },
      },
    });
    let immutable = initialState(system.config, system.algorithm);
    let mutable = immutable;
    for (const event of events.slice(0, 80)) {
      immutable = step(recording('immer'), immutable, event);
      mutable = stepMutable(recording('mutable'), mutable, event);
    }
    expect(seen.immer.length).toBeGreaterThan(0);
    expect(Object.keys(JSON.parse(seen.immer[0] as string))).toEqual(Object.keys(mutable));
    expect(seen.immer).toEqual(seen.mutable);
  });

  it('is not vacuous: users log in, and a scripted outage takes some of them down', () => {
    const states = run(system, events);
    const has = (kind: RoleKind) => states.some((s) => s.nodes.some((n) => n.role.kind === kind));
    expect(has('ordinary')).toBe(true);
    expect(has('booting')).toBe(preset.scenario.length > 0);
  });
});
