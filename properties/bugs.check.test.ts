// Random exploration finds every seeded bug, both outage reconstructions and the canary, each
// violating the property it is built to break, and shrinks each to the pinned minimal trace for the
// suite seed: a change that makes shrinking worse changes a pinned trace and fails review.
import { describe, expect, it } from 'vitest';
import { builtIns } from '../algorithms/index.ts';
import { describeEvents } from '../report/describeEvents.ts';
import { runSuite } from './suite.ts';

const seed = 42;

/** The shrunk trace each bug is reduced to on `small` with seed 42, and the users in its network. */
const pinned: Record<string, { trace: string; users: number }> = {
  'skype-2007': { trace: 'quiet tick×18', users: 7 },
  'skype-2010': { trace: 'tick×11 usageSpike(151%) tick', users: 4 },
  'b1-uptime-gated': { trace: 'quiet tick×18', users: 7 },
  'b2-ghost-capacity': { trace: 'tick×8 logout(u2) tick', users: 3 },
  'b3-shutdown-cascade': { trace: 'tick×11 usageSpike(151%) tick', users: 4 },
  'b4-retry-storm': { trace: 'quiet tick×3', users: 3 },
  canary: { trace: 'tick', users: 3 },
};

describe(`built-in bugs are found and shrunk (preset small, seed ${seed})`, () => {
  for (const { algorithm, expectedViolation } of builtIns) {
    if (expectedViolation === null) continue;
    it(`${algorithm.name} violates ${expectedViolation}`, () => {
      const { result, explain } = runSuite({ algorithm, preset: 'small', properties: [expectedViolation], runs: 1000, seed });
      expect(result.status, explain).toBe('violated');
      if (result.status !== 'violated') return;
      const { counterexample, shrink } = result;
      expect(counterexample.property).toBe(expectedViolation);
      expect(describeEvents(counterexample.events), explain).toBe(pinned[algorithm.name]?.trace);
      expect(counterexample.config.nodes.filter((n) => n.kind === 'user')).toHaveLength(pinned[algorithm.name]?.users ?? -1);
      expect(counterexample.step).toBe(counterexample.events.length);
      expect(shrink.finalLength).toBe(counterexample.events.length);
      expect(shrink.finalLength).toBeLessThanOrEqual(shrink.fastCheckLength);
    });
  }
});
