// The visited set holds more states than V8's Map and Set can (2^24 entries), in 8 bytes a slot.
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../fingerprintSet.ts';

describe('FingerprintSet beyond the V8 collection ceiling', () => {
  it('holds 2^24 + 1 fingerprints in 256 MiB', () => {
    const set = new FingerprintSet({ slotsInitial: 1 << 4, slotsMax: 1 << 26 });
    const count = (1 << 24) + 1;
    let refused = 0;
    for (let k = 0; k < count; k++) if (set.add({ hi: k, lo: Math.imul(k, 0x9e3779b9) }) !== 'added') refused++;
    expect(refused).toBe(0);
    expect(set.count).toBe(count);
    expect(set.bytes).toBe((1 << 25) * 8);
    expect(set.has({ hi: 12345, lo: Math.imul(12345, 0x9e3779b9) })).toBe(true);
  });
});
