// Each seeded bug, the outage reconstructions and the canary violate the property they are built to
// break on a short hand-written trace from the settled network, and the healing reference passes
// every property of the default verdict on the same trace and network.
import { describe, expect, it } from 'vitest';
import { type Config, type Event, presets } from '../model/index.ts';
import { defaultProperties, selectProperties } from '../properties/registry.ts';
import { runTrace, settleTicksOf } from '../properties/run.ts';
import { builtIns, healing } from './index.ts';

const ticks = (count: number): Event[] => Array.from({ length: count }, () => ({ kind: 'tick' }) as const);
const quiet: Event = { kind: 'quiet' };

function presetConfig(name: string): Config {
  const found = presets[name]?.config;
  if (found === undefined) throw new Error(`the ${name} preset is missing`);
  return found;
}
const small = presetConfig('small');
/** Four users and one public node of a single slot, the smallest network whose supernode a join can overload. */
const starved: Config = {
  ...small,
  name: 'starved',
  nodes: [
    ...small.nodes.filter((n) => n.kind === 'bootstrap'),
    ...(
      [
        [false, 1, 0],
        [false, 2, 1],
        [false, 3, 2],
        [true, 1, 3],
      ] as const
    ).map(([isPublic, capacity, uptimeInitial]) => ({
      kind: 'user' as const,
      isPublic,
      capacity,
      uptimeInitial,
      historyInitial: 0,
      wantsOnlineInitial: true,
    })),
  ],
  loginRate: 1,
  bootTicks: 1,
  uptimeMin: 30,
};

/** Per algorithm: the network, the events after the settle phase, and the step and message of the violation they must produce. */
const pinned: Record<string, { config: Config; events: Event[]; step: number; message: string }> = {
  canary: { config: small, events: ticks(1), step: 0, message: 'supernode 0 holds 3 children in 2 slots' },
  'b1-uptime-gated': {
    config: small,
    events: [{ kind: 'patchStorm', percent: 92, windowTicks: 1, biasSupernodes: false, offset: 0 }, quiet, ...ticks(46)],
    step: 48,
    message: '10 of 12 users not online after 46 quiet ticks: 3, 4, 5, 6, 7, 8, 9, 10, 11, 12',
  },
  'b2-ghost-capacity': {
    config: small,
    events: [{ kind: 'reboot', user: 3 }, ...ticks(1)],
    step: 2,
    message: 'the algorithm believes in 4 supernodes with 4 free slots; there are 3 with 1',
  },
  // The only public node has one slot: every join overloads it, and it shuts down instead of refusing.
  'b3-shutdown-cascade': {
    config: starved,
    events: [],
    step: 0,
    message: '3 users online when the settle phase ended at tick 74; a centralized allocator reaches 4',
  },
  'b4-retry-storm': {
    config: small,
    events: [quiet, ...ticks(46)],
    step: 47,
    message: 'supernode 0 is loaded to 187% of its capacity, past the 150% it can take, after 46 quiet ticks',
  },
  'skype-2007': {
    config: presetConfig('patch-tuesday-2007'),
    events: [...(presets['patch-tuesday-2007']?.scenario ?? [])],
    step: 109,
    message: '18 of 26 users not online after 98 quiet ticks: 4, 6, 7, 9, 10, 12, 13, 15, 16, 18, 19, 21, 22, 24, 25, 27, 28, 31',
  },
  'skype-2010': {
    config: presetConfig('client-crash-2010'),
    events: [{ kind: 'crash', supernodes: [0, 3, 6] }, quiet, ...ticks(95)],
    step: 92,
    message: '9 of 26 users not online after 90 quiet ticks: 5, 6, 12, 19, 22, 24, 27, 28, 31',
  },
};

describe('built-in algorithms on their pinned traces, from the settled network', () => {
  for (const { algorithm, expectedViolation } of builtIns) {
    if (expectedViolation === null) continue;
    const trace = pinned[algorithm.name];
    it(`${algorithm.name} violates ${expectedViolation}; healing passes every property`, () => {
      expect(trace, `no pinned trace for ${algorithm.name}`).toBeDefined();
      if (trace === undefined) return;
      const { config, events } = trace;
      const broken = runTrace({ config, algorithm }, events, selectProperties([expectedViolation]), settleTicksOf({ config, algorithm }));
      expect(broken.failure?.property.name).toBe(expectedViolation);
      expect(broken.failure?.step).toBe(trace.step);
      expect(broken.failure?.violation.message).toBe(trace.message);
      const reference = runTrace({ config, algorithm: healing }, events, defaultProperties, settleTicksOf({ config, algorithm: healing }));
      expect(reference.failure).toBeNull();
      expect(reference.states).toHaveLength(events.length + 1);
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
