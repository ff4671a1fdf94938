// The shared set answers as a set: what was added is there, what was not is not, a zero fingerprint
// is kept apart from an empty slot, it stops adding at three quarters full and goes on answering,
// and a second view of the same memory (as a worker thread has) sees what the first added.
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint.ts';
import { SharedFingerprints } from './sharedFingerprints.ts';

const fingerprints = Array.from({ length: 2000 }, (_, k) => fingerprintOf([k, 7 * k]));

describe('SharedFingerprints', () => {
  it('holds what was added, and nothing else', () => {
    const set = new SharedFingerprints(SharedFingerprints.buffer(4096));
    for (const f of fingerprints.slice(0, 1000)) set.add(f);
    for (const f of fingerprints.slice(0, 1000)) set.add(f);
    expect(fingerprints.slice(0, 1000).every((f) => set.has(f))).toBe(true);
    expect(fingerprints.slice(1000).some((f) => set.has(f))).toBe(false);
  });

  it('keeps a zero fingerprint apart from an empty slot', () => {
    const set = new SharedFingerprints(SharedFingerprints.buffer(8));
    expect(set.has({ hi: 0, lo: 0 })).toBe(false);
    set.add({ hi: 0, lo: 0 });
    expect(set.has({ hi: 0, lo: 0 })).toBe(true);
  });

  it('stops adding at three quarters full and still answers', () => {
    const set = new SharedFingerprints(SharedFingerprints.buffer(64));
    for (const f of fingerprints.slice(0, 100)) set.add(f);
    expect(fingerprints.filter((f) => set.has(f))).toHaveLength(48);
    expect(fingerprints.slice(0, 48).every((f) => set.has(f))).toBe(true);
  });

  it('is the same set through every view of its memory', () => {
    const buffer = SharedFingerprints.buffer(256);
    const [one, other] = [new SharedFingerprints(buffer), new SharedFingerprints(buffer)];
    one.add(fingerprints[5] as (typeof fingerprints)[number]);
    expect(other.has(fingerprints[5] as (typeof fingerprints)[number])).toBe(true);
    expect(() => SharedFingerprints.buffer(100)).toThrow('a shared fingerprint set of 100 slots');
  });
});
