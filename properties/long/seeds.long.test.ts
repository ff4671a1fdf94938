// Longer budgets than `npm test` affords: every built-in bug is found from at least 19 of 20 seeds
// within the default budget, and healing holds every property of the default verdict over 5,000
// runs on each search preset, 1,000 on each scenario preset, and 1,000 from a cold start; and every
// skype-2007 counterexample on patch-tuesday-2007 needs both reboots and a usage spike.
import { describe, expect, it } from 'vitest';
import { builtIns, healing, skype2007 } from '../../algorithms/index.ts';
import { runSuite } from '../../checker/suite.ts';

const seeds = Array.from({ length: 20 }, (_, k) => k + 1);

describe('each bug is found from at least 19 of 20 seeds (small, 1,000 runs each)', () => {
  for (const { algorithm, expectedViolation } of builtIns) {
    if (expectedViolation === null) continue;
    it(algorithm.name, () => {
      const missed = seeds.filter(
        (seed) => runSuite({ algorithm, preset: 'small', properties: [expectedViolation], runs: 1000, seed }).result.status !== 'violated',
      );
      expect(missed.length, `missed with seeds ${missed.join(', ')}`).toBeLessThanOrEqual(1);
    });
  }
});

describe('healing over a long budget', () => {
  for (const [preset, runs] of [
    ['tiny', 5000],
    ['small', 5000],
    ['default', 5000],
    ['patch-tuesday-2007', 1000],
    ['client-crash-2010', 1000],
  ] as const) {
    it(`${preset}, ${runs} runs`, () => {
      const { result, explain } = runSuite({ algorithm: healing, preset, runs });
      expect(result.status, explain).toBe('passed');
    });
  }
  for (const preset of ['tiny', 'small', 'default']) {
    it(`${preset} from a cold start, 1,000 runs`, () => {
      const { result, explain } = runSuite({ algorithm: healing, preset, runs: 1000, start: 'cold' });
      expect(result.status, explain).toBe('passed');
    });
  }
});

// Every counterexample check shrinks for skype-2007 on its scenario's networks needs reboots and a
// usage spike: it holds again when either is taken out.
describe('every skype-2007 counterexample on patch-tuesday-2007 needs reboots and a usage spike (20 seeds, 1,000 runs each)', () => {
  it.each(seeds)('seed %i', (seed) => {
    const { result, explain } = runSuite({ algorithm: skype2007, preset: 'patch-tuesday-2007', runs: 1000, seed });
    expect(result.status, explain).toBe('violated');
    if (result.status !== 'violated') return;
    const needed = result.counterexample.conditions.kinds.filter((k) => k.needed).map((k) => k.kind);
    expect(needed, explain).toEqual(expect.arrayContaining(['reboots', 'usageSpike']));
  });
});
