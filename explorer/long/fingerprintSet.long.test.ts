// The visited set holds more states than V8's Map and Set can (2^24 entries), in about 10 bytes each.
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../fingerprintSet.ts';

describe('FingerprintSet beyond the V8 collection ceiling', () => {
  it('holds 2^24 + 1 fingerprints in under 150 MiB', () => {
    const set = new FingerprintSet({ bytesMax: 2 ** 29 });
    const count = (1 << 24) + 1;
    let refused = 0;
    for (let k = 0; k < count; k++) if (set.add({ hi: k, lo: Math.imul(k, 0x9e3779b9) }) !== 'added') refused++;
    expect(refused).toBe(0);
    expect(set.count).toBe(count);
    // 64 slots grown by a fifth at a time until 0.9 of them hold the count: 19,174,212 slots.
    expect(set.bytes).toBe(19_174_212 * 8);
    expect(set.has({ hi: 12345, lo: Math.imul(12345, 0x9e3779b9) })).toBe(true);
    expect(set.has({ hi: count, lo: Math.imul(count, 0x9e3779b9) })).toBe(false);
  });
});
