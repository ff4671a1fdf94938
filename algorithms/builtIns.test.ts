// Each seeded bug, the outage reconstructions and the canary violate the property they are built to
// break on a short hand-written trace, and the healing reference passes every property on the same trace.
import { describe, expect, it } from 'vitest';
import { type Event, presets } from '../model/index.ts';
import { properties, selectProperties } from '../properties/registry.ts';
import { runTrace } from '../properties/runTrace.ts';
import { builtIns, healing } from './index.ts';

const ticks = (count: number): Event[] => Array.from({ length: count }, () => ({ kind: 'tick' }) as const);
const stormAll: Event = { kind: 'patchStorm', percent: 100, windowTicks: 1, biasSupernodes: true, offset: 0 };

/** Per algorithm: the trace, and the step and message of the violation it must produce on `small`. */
const pinned: Record<string, { events: Event[]; step: number; message: string }> = {
  canary: { events: ticks(1), step: 1, message: 'supernode 0 holds 12 children in 2 slots' },
  'b1-uptime-gated': {
    events: [...ticks(20), stormAll, { kind: 'quiet' }, ...ticks(30)],
    step: 40,
    message: '1 supernodes after 18 quiet ticks; 4 wanted',
  },
  'b2-ghost-capacity': {
    events: [...ticks(20), { kind: 'reboot', user: 3 }, ...ticks(1)],
    step: 22,
    message: 'the algorithm believes in 4 supernodes with 4 free slots; there are 3 with 1',
  },
  'b3-shutdown-cascade': {
    events: [...ticks(20), { kind: 'usageSpike', percent: 200 }, ...ticks(1)],
    step: 22,
    message: 'supernode 4 shut itself down, dropping 3 children',
  },
  'b4-retry-storm': {
    events: [{ kind: 'quiet' }, ...ticks(12)],
    step: 4,
    message: '7 nodes retry after fewer than 2 ticks despite 3+ failures: 3, 5, 6, 8, 9, 11, 12',
  },
  'skype-2007': {
    events: [...ticks(20), stormAll, { kind: 'quiet' }, ...ticks(30)],
    step: 40,
    message: '1 supernodes after 18 quiet ticks; 4 wanted',
  },
  'skype-2010': {
    events: [...ticks(20), { kind: 'usageSpike', percent: 200 }, ...ticks(1)],
    step: 22,
    message: 'supernode 4 shut itself down, dropping 3 children',
  },
};

const config = presets.small?.config;
if (config === undefined) throw new Error('the small preset is missing');

describe('built-in algorithms on their pinned traces (preset small)', () => {
  for (const { algorithm, expectedViolation } of builtIns) {
    if (expectedViolation === null) continue;
    const trace = pinned[algorithm.name];
    it(`${algorithm.name} violates ${expectedViolation}; healing passes every property`, () => {
      expect(trace, `no pinned trace for ${algorithm.name}`).toBeDefined();
      if (trace === undefined) return;
      const broken = runTrace({ config, algorithm }, trace.events, selectProperties([expectedViolation]));
      expect(broken.failure?.property.name).toBe(expectedViolation);
      expect(broken.failure?.step).toBe(trace.step);
      expect(broken.failure?.violation.message).toBe(trace.message);
      const reference = runTrace({ config, algorithm: healing }, trace.events, properties);
      expect(reference.failure).toBeNull();
      expect(reference.states).toHaveLength(trace.events.length + 1);
    });
  }

  it('every built-in except healing has a pinned trace', () => {
    const expected = builtIns.filter((b) => b.expectedViolation !== null).map((b) => b.algorithm.name);
    expect(Object.keys(pinned).sort()).toEqual(expected.sort());
  });

  it('names are unique and every expected property exists', () => {
    const names = builtIns.map((b) => b.algorithm.name);
    expect(new Set(names).size).toBe(names.length);
    for (const b of builtIns)
      if (b.expectedViolation !== null) expect(() => selectProperties([b.expectedViolation as string])).not.toThrow();
  });
});
