import type { Fingerprint } from './fingerprint.ts';

/**
 * A set of 64-bit fingerprints in shared memory, that the search thread and its workers read and add
 * to at once: the memo of quiet phases that held (quietSuffix.ts). Split between threads, each
 * memo knew only the phases its own thread had checked, and the workers stepped twice what one
 * thread did, which cost more than the second core gave back (bench: explorer).
 *
 * Open addressing with linear probing over a fixed number of slots, each two words of an
 * `Int32Array` on a `SharedArrayBuffer`. A slot is claimed by a compare-and-swap of its high word
 * from 0, and its low word written after; a reader that sees the high word before the low one finds
 * no match and probes on. So a lookup may miss a fingerprint being added at that moment, never
 * match one that is not there: for a memo, a miss only repeats work. The set stops adding at three
 * quarters full, where probing stays short, and keeps answering; its size never changes, so no
 * thread ever waits for another.
 */
export class SharedFingerprints {
  private readonly slots: Int32Array;
  private readonly counter: Int32Array;
  private readonly mask: number;
  private readonly held: number;

  /** `buffer` from `SharedFingerprints.buffer`, shared with every thread that uses the set. */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.counter = new Int32Array(buffer, 0, 1);
    this.slots = new Int32Array(buffer, 8);
    this.mask = this.slots.length / 2 - 1;
    this.held = Math.floor(0.75 * (this.mask + 1));
  }

  /** Memory for a set of `slots` fingerprints (a power of two), 8 bytes each. */
  static buffer(slots: number): SharedArrayBuffer {
    if (!Number.isSafeInteger(slots) || slots < 2 || (slots & (slots - 1)) !== 0) {
      throw new Error(`stormcheck internal error: a shared fingerprint set of ${slots} slots`);
    }
    return new SharedArrayBuffer(8 + 8 * slots);
  }

  has(fingerprint: Fingerprint): boolean {
    const [hi, lo] = words(fingerprint);
    for (let slot = lo & this.mask; ; slot = (slot + 1) & this.mask) {
      const h = Atomics.load(this.slots, 2 * slot);
      if (h === 0) return false;
      if (h === hi && Atomics.load(this.slots, 2 * slot + 1) === lo) return true;
    }
  }

  /** Adds `fingerprint` unless it is there or the set is three quarters full. */
  add(fingerprint: Fingerprint): void {
    if (Atomics.load(this.counter, 0) >= this.held) return;
    const [hi, lo] = words(fingerprint);
    for (let slot = lo & this.mask; ; slot = (slot + 1) & this.mask) {
      const h = Atomics.compareExchange(this.slots, 2 * slot, 0, hi);
      if (h === 0) {
        Atomics.store(this.slots, 2 * slot + 1, lo);
        Atomics.add(this.counter, 0, 1);
        return;
      }
      // Another thread may be adding the same fingerprint right now: a second copy only wastes a slot.
      if (h === hi && Atomics.load(this.slots, 2 * slot + 1) === lo) return;
    }
  }
}

/** The fingerprint as two nonzero 32-bit words: 0 marks an empty slot and a low word not yet written. */
function words({ hi, lo }: Fingerprint): [number, number] {
  return [hi | 0 || 1, lo | 0 || 1];
}
