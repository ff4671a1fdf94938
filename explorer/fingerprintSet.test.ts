// The visited set keeps every fingerprint it is given and no other, through growth across tables of
// any number of slots, collisions in a forced small table and wrap-around at its end; it spends 8.9 to
// 10.7 bytes a fingerprint at every size and answers 'full' at its byte limit instead of throwing; the
// fingerprints themselves are stable, deterministic and distinguish near-identical keys.
import { describe, expect, it } from 'vitest';
import { collisionProbability, type Fingerprint, fingerprintOf } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';

describe('fingerprintOf', () => {
  it('is pinned, so that a change of hash function is a reviewed change', () => {
    // The high word is standard FNV-1a (offset basis 0x811c9dc5 for the empty input).
    expect(fingerprintOf('')).toEqual({ hi: 0x811c9dc5, lo: 3954623016 });
    expect(fingerprintOf('stormcheck')).toEqual({ hi: 3976374678, lo: 2694368763 });
    // Words: xxHash32's round and avalanche in the high word, the string's Murmur mix in the low.
    expect(fingerprintOf([3, 4])).toEqual({ hi: 2104793784, lo: 3550780839 });
    expect(fingerprintOf('[0,5]')).not.toEqual(fingerprintOf('[5,0]'));
    expect(fingerprintOf([0, 5])).not.toEqual(fingerprintOf([5, 0]));
    expect(fingerprintOf('1')).not.toEqual(fingerprintOf([49]));
  });

  it('gives 100,000 distinct fingerprints to 100,000 keys that differ in one character', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 100_000; k++) {
      const { hi, lo } = fingerprintOf(`{"rng":${k},"nodes":[[5,[1,2]],[2]]}`);
      seen.add(`${hi}:${lo}`);
    }
    expect(seen.size).toBe(100_000);
  });

  it('mixes every word into each half on its own: 100,000 word keys that differ in one word, each half near-distinct', () => {
    const his = new Set<number>();
    const los = new Set<number>();
    for (let k = 0; k < 100_000; k++) {
      // The word that varies sits in the middle of a key shaped like a packed state's.
      const { hi, lo } = fingerprintOf([-1, 0, 5, 2, 1, 0, k, 3, 0, 0, 1, 2]);
      his.add(hi);
      los.add(lo);
    }
    // Two 32-bit halves of 100,000 keys each collide about once by the birthday bound (n²/2^33).
    expect(his.size).toBeGreaterThan(99_990);
    expect(los.size).toBeGreaterThan(99_990);
  });

  it('reports the birthday bound', () => {
    expect(collisionProbability(1)).toBe(0);
    expect(collisionProbability(1_000_000)).toBeCloseTo(2.7e-8, 9);
  });
});

/** A seeded stream of 32-bit words (SplitMix32), so that the "random" fingerprints are the same on every run. */
function words(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function randomFingerprints(count: number, seed: number): Fingerprint[] {
  const next = words(seed);
  return Array.from({ length: count }, () => ({ hi: next(), lo: next() }));
}

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

describe('FingerprintSet', () => {
  it('adds, finds and counts', () => {
    const set = new FingerprintSet();
    expect(set.add({ hi: 1, lo: 2 })).toBe('added');
    expect(set.add({ hi: 1, lo: 2 })).toBe('present');
    expect(set.has({ hi: 1, lo: 2 })).toBe(true);
    expect(set.has({ hi: 2, lo: 1 })).toBe(false);
    expect(set.count).toBe(1);
  });

  it('stores the zero fingerprint, which marks an empty slot, as another value', () => {
    const set = new FingerprintSet({ slotsInitial: 4 });
    expect(set.has({ hi: 0, lo: 0 })).toBe(false);
    expect(set.add({ hi: 0, lo: 0 })).toBe('added');
    expect(set.has({ hi: 0, lo: 0 })).toBe(true);
    expect(set.count).toBe(1);
  });

  it('probes past collisions and wraps around the end of a forced small table', () => {
    const set = new FingerprintSet({ slotsInitial: 8, bytesMax: 8 * 8 });
    // The largest low word has the last slot as its home: the probe must wrap to 0, 1, ...
    const colliding = [1, 2, 3, 4, 5, 6, 7].map((hi) => ({ hi, lo: 0xffffffff }));
    expect(colliding.map((f) => set.add(f))).toEqual(['added', 'added', 'added', 'added', 'added', 'added', 'added']);
    expect(colliding.every((f) => set.has(f))).toBe(true);
    expect(set.has({ hi: 8, lo: 0xffffffff })).toBe(false);
    expect(set.count).toBe(7);
    expect(set.slots).toBe(8);
  });

  it('keeps every fingerprint through growth across tables whose sizes are not powers of two', () => {
    const fingerprints = randomFingerprints(100_001, 6);
    const distinct = new Set(fingerprints.map(({ hi, lo }) => `${hi}:${lo}`));
    const absent = fingerprints.pop() as Fingerprint;
    expect(distinct.size).toBe(100_001);
    const set = new FingerprintSet({ slotsInitial: 2 });
    const sizes = new Set<number>();
    let refused = 0;
    for (const f of fingerprints) {
      if (set.add(f) !== 'added') refused++;
      sizes.add(set.slots);
    }
    expect(refused).toBe(0);
    expect(set.count).toBe(100_000);
    expect(fingerprints.every((f) => set.has(f))).toBe(true);
    expect(fingerprints.every((f) => set.add(f) === 'present')).toBe(true);
    expect(set.has(absent)).toBe(false);
    expect(set.count).toBe(100_000);
    // 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, ...: each growth is by a fifth, rounded up.
    expect([...sizes].slice(0, 10)).toEqual([2, 3, 4, 5, 6, 8, 10, 12, 15, 18]);
    expect([...sizes].filter((slots) => !isPowerOfTwo(slots)).length).toBeGreaterThan(40);
  });

  it('spends 8.9 to 10.7 bytes a fingerprint at every size from 2,000 to 300,000', () => {
    const set = new FingerprintSet();
    let least = Number.POSITIVE_INFINITY;
    let most = 0;
    for (let k = 0; k < 300_000; k++) {
      set.add({ hi: k, lo: Math.imul(k, 0x9e3779b9) });
      if (set.count < 2000) continue;
      least = Math.min(least, set.bytes / set.count);
      most = Math.max(most, set.bytes / set.count);
    }
    expect(set.count).toBe(300_000);
    // 8 / 0.9 just before a growth, and 1.2 times that just after.
    expect(least).toBeGreaterThanOrEqual(8 / 0.9);
    expect(least).toBeLessThan(8.9);
    expect(most).toBeGreaterThan(10.6);
    expect(most).toBeLessThanOrEqual(10.7);
  });

  it("answers 'full' at its byte limit, which it uses down to the last whole slot, and still finds what it holds", () => {
    const set = new FingerprintSet({ slotsInitial: 4, bytesMax: 1003 });
    const fingerprints = randomFingerprints(200, 7);
    const outcomes = fingerprints.map((f) => set.add(f));
    // 1003 bytes are 125 slots, of which 0.9 may be full: 112.
    expect(outcomes.slice(0, 112).every((o) => o === 'added')).toBe(true);
    expect(outcomes.slice(112).every((o) => o === 'full')).toBe(true);
    expect(set.slots).toBe(125);
    expect(set.bytes).toBe(1000);
    expect(set.count).toBe(112);
    expect(set.add(fingerprints[0] as Fingerprint)).toBe('present');
    expect(fingerprints.slice(0, 112).every((f) => set.has(f))).toBe(true);
    expect(set.has(fingerprints[112] as Fingerprint)).toBe(false);
  });
});
