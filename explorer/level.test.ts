import { describe, expect, it } from 'vitest';
import { fingerprintOfWords } from './fingerprint.ts';
import { type Codec, PackedLevel, type PackedState } from './level.ts';
import { WordWriter } from './words.ts';

/** A "state" that is its own words, so that a level's round trip is seen word for word. */
const codec: Codec<readonly number[]> = {
  keyStart: 0,
  encode: (state, out) => {
    out.reset();
    for (const word of state) out.int(word, 'word');
  },
  decode: (words, start, end) => Array.from(words.subarray(start, end)),
};

function packedOf(state: readonly number[]): PackedState {
  const words = new WordWriter();
  codec.encode(state, words);
  return { words: words.words, start: 0, end: words.length, fingerprint: fingerprintOfWords(words.words, 0, words.length) };
}

// Each length a varint can take (1 to 5 bytes), either sign, and both ends of the 32 bits.
const states: readonly (readonly number[])[] = [
  [],
  [0, 1, -1, 63, -64, 64, -65],
  [8191, -8192, 8192, 1_048_575, -1_048_576, 1_048_576, 2 ** 27, -(2 ** 27) - 1],
  [2 ** 31 - 1, -(2 ** 31), 0x5f3759df | 0, 0xdeadbeef | 0],
];

describe('a packed level', () => {
  it('gives back every word of every state, in order, with its id', () => {
    const level = new PackedLevel(codec, packedOf);
    for (const [k, state] of states.entries()) level.push(10 + k, state);
    expect(level.length).toBe(states.length);
    states.forEach((state, k) => {
      expect(level.state(k)).toEqual(state);
      expect(level.id(k)).toBe(10 + k);
    });
  });

  it('keeps a small word in a byte: 85 words under 64 in absolute value take 85 bytes', () => {
    const level = new PackedLevel(codec, packedOf);
    level.push(
      0,
      Array.from({ length: 85 }, (_, k) => (k % 2 === 0 ? k % 64 : -(k % 64))),
    );
    expect(level.bytesUsed).toBe(85);
  });

  it('hands a worker its states as words, and is written afresh in a spare level', () => {
    const first = new PackedLevel(codec, packedOf);
    for (let k = 0; k < 2000; k++) first.push(k, [k, -k, k * 7919]);
    const packed = first.packed();
    expect(packed.count).toBe(2000);
    expect(Array.from(packed.words.subarray(packed.starts[1999], packed.starts[2000]))).toEqual([1999, -1999, 1999 * 7919]);
    const second = new PackedLevel(codec, packedOf, first);
    second.push(5, [3, 4]);
    expect(second.length).toBe(1);
    expect(second.state(0)).toEqual([3, 4]);
  });
});
