// The time limit of `check` is looked at on every step (deadline.ts), so it bounds each phase: the
// runs, and the shrinking of a failure, which is kept, shrunk as far as the time allowed. Time is a
// fake clock here that the algorithm moves a millisecond at each tick it plans, so every count is exact.
import { afterEach, expect, it, vi } from 'vitest';
import { canary } from '../algorithms/index.ts';
import { type AllocationAlgorithm, presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';
import { check } from './check.ts';

let clock = 0;
const ticking: AllocationAlgorithm = {
  ...canary,
  plan: (view, memory, random) => {
    clock += 1;
    return canary.plan(view, memory, random);
  },
};
afterEach(() => vi.restoreAllMocks());

/** The canary's check on tiny from a cold start (seed 3: run 1 fails), with the limit given, and the milliseconds it took. */
function timedCheck(timeLimitMs?: number) {
  clock = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  const tiny = presets.tiny;
  if (tiny === undefined) throw new Error('the tiny preset is missing');
  const result = check({
    algorithm: ticking,
    preset: tiny,
    properties,
    runs: 20,
    seed: 3,
    start: 'cold',
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
  });
  return { result, ms: clock };
}

it('without a limit, the failure of run 1 is found and shrunk to its fixpoint in 572 planned ticks', () => {
  const { result, ms } = timedCheck();
  expect(result.status === 'violated' && { run: result.run, shrink: result.shrink, ms }).toEqual({
    run: 1,
    shrink: { fastCheckLength: 3, fastCheckDisruptionEvents: 0, finalLength: 2, attempts: 5, limitReached: false },
    ms: 572,
  });
});

it('a limit passed while shrinking stops it at the next step: the failure is kept, and says it was cut', () => {
  const { result, ms } = timedCheck(400);
  expect(result.status).toBe('violated');
  expect(result.status === 'violated' && result.shrink.limitReached).toBe(true);
  // One step past the limit, then the decoding of the failure fast-check kept.
  expect(ms).toBeLessThan(410);
});

it('a limit passed before any failure, inside a run, is limitReached at the next step', () => {
  const { result, ms } = timedCheck(5);
  expect(result).toMatchObject({ status: 'limitReached', limit: 'time', runs: 0 });
  expect(ms).toBe(6);
});
