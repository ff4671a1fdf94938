import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/index.ts';
import { cloneState } from './clone.ts';
import type { Event } from './events.ts';
import { initialState } from './initial.ts';
import { presets } from './presets.ts';
import type { State } from './state.ts';
import { step } from './step.ts';

/** Every object and array inside `value`, the violation's aside (a step only ever replaces it). */
function objectsIn(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null) return into;
  into.add(value);
  for (const [key, item] of Object.entries(value)) if (key !== 'violation') objectsIn(item, into);
  return into;
}

/** The states of the 2007 reconstruction under healing: every role, full caches, a login queue, warm-ups. */
function reconstructionStates(): State[] {
  const preset = presets['patch-tuesday-2007'];
  if (preset === undefined) throw new Error('the patch-tuesday-2007 preset is missing');
  const system = { config: preset.config, algorithm: healing };
  const states = [initialState(preset.config, healing)];
  const events: Event[] = [...Array.from({ length: 20 }, (): Event => ({ kind: 'tick' })), ...preset.scenario];
  for (const event of events) states.push(step(system, states.at(-1) as State, event));
  return states;
}

describe('cloneState', () => {
  const states = reconstructionStates();

  it('gives a state equal to the one it copies, field by field', () => {
    for (const state of states) expect(cloneState(state)).toStrictEqual(state);
  });

  it('shares no object or array with it, so that a step may change the copy in place', () => {
    const kinds = new Set(states.flatMap((s) => s.nodes.map((n) => n.role.kind)));
    expect([...kinds].sort()).toEqual(['awaitingLogin', 'booting', 'connecting', 'offline', 'ordinary', 'supernode']);
    for (const state of states) {
      const original = objectsIn(state);
      for (const copied of objectsIn(cloneState(state))) expect(original.has(copied)).toBe(false);
    }
  });

  it('copies the algorithm memory deeply', () => {
    const seen = [1, 2];
    const copy = cloneState({ ...(states[0] as State), memory: { seen, nested: { k: 3 } } });
    expect(copy.memory).toEqual({ seen: [1, 2], nested: { k: 3 } });
    expect((copy.memory as { seen: number[] }).seen).not.toBe(seen);
  });
});
