import fc from 'fast-check';
import type { Event } from '../model/events.ts';

/**
 * Random events for the benchmark's whole fast-check runs, weighted towards ticks the way a real
 * search is: most of a run is time passing, with a disruption now and then. It exists only to give
 * the benchmark a realistic workload; the property suites keep their own arbitraries.
 */
const user = fc.nat({ max: 63 });

export const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  { weight: 24, arbitrary: fc.constant({ kind: 'tick' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reboot' as const), user }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('patchStorm' as const),
      percent: fc.integer({ min: 0, max: 100 }),
      windowTicks: fc.integer({ min: 1, max: 8 }),
      biasSupernodes: fc.boolean(),
      offset: fc.nat({ max: 31 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('crash' as const), supernodes: fc.array(fc.nat({ max: 15 }), { maxLength: 4 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('login' as const), user }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('logout' as const), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('usageSpike' as const), percent: fc.integer({ min: 100, max: 800 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addMega' as const), count: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'quiet' } as const) },
);
