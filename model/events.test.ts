// Proves that events read as documented in traces, and records which events with non-finite numbers
// still crash the model or leave a state that is not JSON, against STYLE.md's "never a crash".
import { describe, expect, it } from 'vitest';
import type { Event } from './events.ts';
import { describeEvent, eventKinds, eventProblem } from './events.ts';
import { step } from './step.ts';
import { B, node, offline, ordinary, saturated, supernode, testState, testSystem, U1, U2, U3 } from './testing.ts';

describe('events', () => {
  it('are the nine documented kinds', () => {
    expect(eventKinds).toEqual(['tick', 'reboot', 'patchStorm', 'crash', 'login', 'logout', 'usageSpike', 'addMega', 'quiet']);
  });

  it.each<[Event, string]>([
    [{ kind: 'tick' }, 'tick'],
    [{ kind: 'quiet' }, 'quiet'],
    [{ kind: 'reboot', user: 3 }, 'reboot(u3)'],
    [{ kind: 'login', user: 0 }, 'login(u0)'],
    [{ kind: 'logout', user: 1 }, 'logout(u1)'],
    [{ kind: 'patchStorm', percent: 60, windowTicks: 4, biasSupernodes: true, offset: 1 }, 'patchStorm(60%, 4t, sn-first, +1)'],
    [{ kind: 'patchStorm', percent: 10, windowTicks: 1, biasSupernodes: false, offset: 0 }, 'patchStorm(10%, 1t, any, +0)'],
    [{ kind: 'crash', supernodes: [0, 3, 6] }, 'crash(sn 0,3,6)'],
    [{ kind: 'usageSpike', percent: 300 }, 'usageSpike(300%)'],
    [{ kind: 'addMega', count: 4 }, 'addMega(4)'],
  ])('describes %o as %s', (event, text) => {
    expect(describeEvent(event)).toBe(text);
  });
});

describe('events with non-finite numbers (known model bugs)', () => {
  /** U1 is a user supernode serving U2, so every event below would apply with finite numbers. */
  const state = testState([
    saturated(supernode([U3])),
    saturated(supernode([U2])),
    saturated(ordinary(U1), { hostCache: [U1, B] }),
    saturated(ordinary(B)),
    node(offline),
  ]);

  // Events written by hand or read from a file can carry NaN or ±Infinity, which modulo arithmetic
  // and clamping would pass through into the state. STYLE.md: "an event that does not apply is a
  // recorded no-op, never a crash": `eventProblem` rejects them and `step` returns the same state.
  const events: readonly Event[] = [
    { kind: 'reboot', user: Number.NaN },
    { kind: 'reboot', user: Number.POSITIVE_INFINITY },
    { kind: 'crash', supernodes: [Number.NaN] },
    { kind: 'patchStorm', percent: 50, windowTicks: 2, biasSupernodes: false, offset: Number.NaN },
    { kind: 'patchStorm', percent: 100, windowTicks: Number.NaN, biasSupernodes: false, offset: 0 },
    { kind: 'usageSpike', percent: Number.NaN },
  ];

  for (const event of events) {
    it(`${describeEvent(event)} is a no-op`, () => {
      expect(eventProblem(event)).not.toBeNull();
      expect(step(testSystem(), state, event)).toBe(state);
    });
  }
});
