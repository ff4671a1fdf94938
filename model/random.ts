import type { Random } from './algorithm.ts';

/**
 * The model's only source of randomness: a 32-bit stream whose whole state is one number held in
 * `State.rng`, advanced by the SplitMix32 finaliser over a Weyl sequence. Integer arithmetic only
 * (`Math.imul`, shifts), so every machine computes the same stream.
 */
const golden = 0x9e3779b9;

export function nextRng(rng: number): number {
  return (rng + golden) >>> 0;
}

export function mixRng(rng: number): number {
  let z = rng;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A `Random` that reads and advances the `rng` field of `holder` (a mutable copy, or the immer
 * step's plain holder, draft.ts). A draw from one value (`int(1)`, the first backoff's jitter) is
 * no choice, and the explorer and replay take none there (explorer/choices.ts, properties/draws.ts);
 * it still advances this stream, so that `check`'s runs, and the incident reconstructions
 * calibrated on them, keep their draws.
 */
export function randomOn(holder: { rng: number }): Random {
  return {
    int(bound: number): number {
      assertBound(bound);
      holder.rng = nextRng(holder.rng);
      // Multiply-shift maps 32 bits to [0, bound) with a bias below 2^-32 · bound: immaterial here.
      return Math.floor((mixRng(holder.rng) / 0x1_0000_0000) * bound);
    },
  };
}

/** Every `Random`'s precondition: the bound is a positive integer. */
export function assertBound(bound: number): void {
  if (!Number.isInteger(bound) || bound < 1) throw new RangeError(`random.int: bound ${bound} is not a positive integer`);
}
