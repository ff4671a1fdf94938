// The visited set keeps every fingerprint it is given and no other, through growth, collisions in a
// forced small table and wrap-around at its end, and answers 'full' at its slot limit instead of
// throwing; the fingerprints themselves are stable, deterministic and distinguish near-identical keys.
import { describe, expect, it } from 'vitest';
import { collisionProbability, fingerprintOf } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';

describe('fingerprintOf', () => {
  it('is pinned, so that a change of hash function is a reviewed change', () => {
    // The high word is standard FNV-1a (offset basis 0x811c9dc5 for the empty input).
    expect(fingerprintOf('')).toEqual({ hi: 0x811c9dc5, lo: 3954623016 });
    expect(fingerprintOf('stormcheck')).toEqual({ hi: 3976374678, lo: 2694368763 });
    expect(fingerprintOf([3, 4])).toEqual({ hi: 3096564802, lo: 3550780839 });
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

  it('reports the birthday bound', () => {
    expect(collisionProbability(1)).toBe(0);
    expect(collisionProbability(1_000_000)).toBeCloseTo(2.7e-8, 9);
  });
});

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
    const set = new FingerprintSet({ slotsInitial: 8, slotsMax: 8 });
    // The same low word puts all of them in slot 7, the last: the probe must wrap to 0, 1, ...
    const colliding = [1, 2, 3, 4, 5, 6].map((hi) => ({ hi, lo: 7 }));
    expect(colliding.map((f) => set.add(f))).toEqual(['added', 'added', 'added', 'added', 'added', 'added']);
    expect(colliding.every((f) => set.has(f))).toBe(true);
    expect(set.has({ hi: 7, lo: 7 })).toBe(false);
    expect(set.count).toBe(6);
    expect(set.slots).toBe(8);
  });

  it('doubles at three quarters full and keeps every entry', () => {
    const set = new FingerprintSet({ slotsInitial: 16 });
    const entries = Array.from({ length: 1000 }, (_, k) => fingerprintOf(`state ${k}`));
    for (const f of entries) expect(set.add(f)).toBe('added');
    expect(set.count).toBe(1000);
    expect(set.slots).toBe(2048);
    expect(set.bytes).toBe(2048 * 8);
    expect(entries.every((f) => set.has(f))).toBe(true);
    expect(set.has(fingerprintOf('state 1000'))).toBe(false);
  });

  it("answers 'full' at its slot limit, and still finds what it holds", () => {
    const set = new FingerprintSet({ slotsInitial: 4, slotsMax: 8 });
    const outcomes = Array.from({ length: 8 }, (_, k) => set.add({ hi: k + 1, lo: k * 0x9e3779b9 }));
    expect(outcomes).toEqual(['added', 'added', 'added', 'added', 'added', 'added', 'full', 'full']);
    expect(set.count).toBe(6);
    expect(set.add({ hi: 1, lo: 0 })).toBe('present');
  });

  it('spends at most 16 bytes a state at a million states', () => {
    const set = new FingerprintSet({ slotsInitial: 1 << 4 });
    const count = (1 << 20) + 1;
    for (let k = 0; k < count; k++) set.add({ hi: k, lo: Math.imul(k, 0x9e3779b9) });
    expect(set.count).toBe(count);
    expect(set.slots).toBe(1 << 21);
    expect(set.bytes / set.count).toBeLessThanOrEqual(16);
  });
});
