// The extra shrinking pass removes blocks and single events and lowers parameters until nothing
// shorter fails the same property: a padded trace of 15 events comes down to the 5 that matter.
import { describe, expect, it } from 'vitest';
import { b2GhostCapacity, healing } from '../algorithms/index.ts';
import { type Event, presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';
import { playEvents } from '../properties/run.ts';
import { describeEvents } from '../report/describeEvents.ts';
import { shrinkAttemptsMax, shrinkHarder } from './shrink.ts';
import { rangesOf } from './swarm.ts';

const base = presets.small?.config;
if (base === undefined) throw new Error('the small preset is missing');
const ticks = (count: number): Event[] => Array.from({ length: count }, () => ({ kind: 'tick' }) as const);

/** A failing trace padded with events that do not matter: a mild spike, a logout/login pair, a late reboot. */
const padded: Event[] = [
  { kind: 'usageSpike', percent: 130 },
  ...ticks(12),
  { kind: 'logout', user: 9 },
  ...ticks(3),
  { kind: 'login', user: 9 },
  ...ticks(8),
  { kind: 'reboot', user: 3 },
  ...ticks(4),
];

describe('shrinkHarder', () => {
  it('reduces a padded ghost-capacity trace to its core and keeps the property', () => {
    const system = { config: base, algorithm: b2GhostCapacity };
    const played = playEvents(system, properties, 0, padded);
    expect(played.failure?.property.name).toBe('capacity-accounting');
    expect(describeEvents(played.events)).toBe('usageSpike(130%) tick×12 logout(u9) tick');
    if (played.failure === null) return;
    const shrunk = shrinkHarder(
      {
        algorithm: b2GhostCapacity,
        base,
        knobs: null,
        ranges: rangesOf(base),
        start: 'cold',
        events: played.events,
        failure: played.failure,
      },
      properties,
    );
    expect(describeEvents(shrunk.events)).toBe('tick×3 logout(u9) tick');
    expect(shrunk.failure.property.name).toBe('capacity-accounting');
    expect(shrunk.failure.violation.message).toBe('the algorithm believes in 4 supernodes with 9 free slots; there are 3 with 6');
    expect(shrunk.limitReached).toBe(false);
    expect(shrunk.attempts).toBeLessThan(shrinkAttemptsMax);
    expect(playEvents(system, properties, 0, shrunk.events).failure?.step).toBe(shrunk.events.length);
  });

  it('the shrunk trace passes under healing, so what remains is the bug and not the network', () => {
    expect(
      playEvents({ config: base, algorithm: healing }, properties, 0, [...ticks(3), { kind: 'logout', user: 9 }, ...ticks(1)]).failure,
    ).toBeNull();
  });
});
