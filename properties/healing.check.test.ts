// The healing reference satisfies every property, safety and healing alike, over random swarm
// interleavings of reboots, storms, crashes, logins and load: 1,000 runs on `small`, more on the others.
import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/index.ts';
import { runSuite, suiteSeed } from '../checker/suite.ts';

describe(`healing holds every property (seed ${suiteSeed})`, () => {
  for (const [preset, runs] of [
    ['small', 1000],
    ['tiny', 300],
    ['default', 100],
  ] as const) {
    it(`on ${preset}, ${runs} runs`, () => {
      const { result, explain } = runSuite({ algorithm: healing, preset, runs });
      expect(result.status, explain).toBe('passed');
      expect(result.runs).toBe(runs);
    });
  }
});
