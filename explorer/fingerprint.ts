import type { StateKey } from './model.ts';

/**
 * A 64-bit fingerprint of a state key, as two independent 32-bit hashes over the same input: for a
 * string, FNV-1a (`hi`) and a MurmurHash3-style multiply-rotate mix with its finaliser (`lo`); for
 * words, see `fingerprintOfWords`. The visited set keeps fingerprints rather than keys, as TLC and
 * SPIN's hash compaction do, so two distinct states whose fingerprints collide are merged and one
 * of them is never explored. The chance of that
 * anywhere in a search of n states is about n² / 2^65 (`collisionProbability`): 3·10⁻⁸ at a million
 * states. Both hashes use only `Math.imul` and shifts, so every machine computes the same value.
 */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;
const murmurSeed = 0x9747b28c;

function murmurRound(h: number, unit: number): number {
  let k = Math.imul(unit, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  const mixed = h ^ k;
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

function murmurFinal(h: number, length: number): number {
  let z = h ^ length;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Hashes a string by UTF-16 code unit, or an array of numbers by 32-bit word. Array entries must be
 * integers; each is taken modulo 2^32, so a packed key must keep its fields within 32 bits. Strings
 * and arrays are hashed with a different salt, so `"1"` and `[49]` do not collide by construction.
 */
export function fingerprintOf(key: StateKey): Fingerprint {
  if (typeof key !== 'string') return fingerprintOfWords(key, 0, key.length);
  let a = fnvOffset;
  let b = murmurSeed;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, fnvPrime);
    b = murmurRound(b, unit);
  }
  return { hi: a >>> 0, lo: murmurFinal(b, key.length) };
}

const xxPrime1 = 0x9e3779b1;
const xxPrime2 = 0x85ebca77;
const xxPrime3 = 0xc2b2ae3d;
const xxSeed = 0x27d4eb2f;

/**
 * The fingerprint of the words `key[start, end)`, as `fingerprintOf` gives for an array holding
 * just those. Both halves take a whole word a round, as the search hashes every successor's key:
 * `hi` is xxHash32's round and avalanche (other constants and another shape than `lo`'s, so the
 * two are not one hash twice), `lo` the MurmurHash3 mix as for strings. Byte-wise FNV-1a, which
 * `hi` was before, took four rounds a word and cost the search 5% of its time.
 */
export function fingerprintOfWords(key: ArrayLike<number>, start: number, end: number): Fingerprint {
  let a = xxSeed;
  let b = murmurRound(murmurSeed, 0x5f3759df);
  for (let i = start; i < end; i++) {
    const word = (key[i] as number) | 0;
    const mixed = (a + Math.imul(word, xxPrime2)) | 0;
    a = Math.imul((mixed << 13) | (mixed >>> 19), xxPrime1);
    b = murmurRound(b, word);
  }
  let z = a ^ (end - start);
  z = Math.imul(z ^ (z >>> 15), xxPrime2);
  z = Math.imul(z ^ (z >>> 13), xxPrime3);
  return { hi: (z ^ (z >>> 16)) >>> 0, lo: murmurFinal(b, end - start) };
}

/**
 * The fingerprint of a key followed by one more word, from the key's fingerprint alone: each half
 * mixed with the word and finalised, so that (key, word) pairs are as far apart as fingerprints of
 * distinct keys. How the quiet-phase memo keys a state with the ticks left without encoding it again.
 */
export function fingerprintWith({ hi, lo }: Fingerprint, word: number): Fingerprint {
  return { hi: murmurFinal(murmurRound(hi, word), 1), lo: murmurFinal(murmurRound(lo ^ 0x5bd1e995, word), 2) };
}

/** The birthday bound on any two of `states` distinct fingerprints colliding: n(n−1)/2^65. */
export function collisionProbability(states: number): number {
  return (states * (states - 1)) / 2 ** 65;
}
