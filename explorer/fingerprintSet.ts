import type { Fingerprint } from './fingerprint.ts';

/** What `add` did: the fingerprint was new, was already there, or did not fit under `bytesMax`. */
export type AddOutcome = 'added' | 'present' | 'full';

export interface FingerprintSetOptions {
  /** Slots to start with: any integer from 2. 8 bytes a slot. */
  readonly slotsInitial?: number;
  /** Bytes the table may grow to: the memory limit. Any size; it is used down to the last whole slot. */
  readonly bytesMax?: number;
}

const bytesPerSlot = 8;

/**
 * Above this fraction of occupied slots the table grows. Linear probing at 0.9 probes about 5 slots
 * to find a fingerprint that is there and about 50 to reach the end of its run when it is not (Knuth,
 * TAOCP vol. 3, §6.4), against 2.5 and 8.5 at 0.75; but the slots of one run are adjacent, so the
 * extra probes mostly hit cache lines already fetched, and bench/capacity.ts measures what they cost.
 */
export const loadMax = 0.9;

/**
 * Each growth multiplies the slots by this factor, so that right after a growth the table is at
 * `loadMax / growthFactor` = 0.75 full: 8/0.9 = 8.9 to 1.2 × 8/0.9 = 10.7 bytes per fingerprint at
 * every size, against 10.7 to 21.3 when doubling from 0.75. The price is rehashing more often: each
 * fingerprint has been moved 5 to 6 times on the way to any size, against 1 to 2 times when doubling
 * (bench/capacity.ts measures it: the 'growth' column).
 */
export const growthFactor = 1.2;

/** 2^-32, to map a 32-bit word onto [0, 1). */
const wordScale = 2 ** -32;

/**
 * The explorer's visited set: 64-bit fingerprints in an open-addressing table with linear probing.
 * Each slot is two adjacent words of one `Uint32Array` (high, low), so that a probe reads one cache
 * line. V8's `Set` and `Map` stop at 2^24 entries and spend about 40 bytes or more on each; this
 * table spends 8 bytes a slot and grows by `growthFactor` up to `bytesMax`, at which it answers
 * 'full' instead of throwing, so that the search ends in a typed 'limitReached'. The fingerprint 0
 * marks an empty slot, so a zero fingerprint is stored as 1 (merging two fingerprints in 2^64, which
 * is below notice).
 *
 * The table has any number of slots, not a power of two, and a fingerprint's home slot is its low
 * word scaled onto them, ⌊lo × slots / 2^32⌋ (Lemire's multiply-shift range reduction), computed in
 * doubles: the product is correctly rounded by IEEE 754, so every machine picks the same slot, and
 * the result stays below `slots`, since rounding moves the product by far less than `slots`. The map is
 * monotone in `lo`, so the runs of the table come in the order of their home slots: a growth that
 * reads the old table from the start of a run writes the new one front to back, with few cache misses.
 *
 * Plain linear probing was chosen over Robin Hood (runs kept sorted, which lets a growth merge the
 * old table into the new without probing) by measuring both on the explorer's pattern of calls: at
 * 10^6 and 10^7 fingerprints Robin Hood added new ones 3 to 13% faster and found present ones 14 to
 * 25% slower: no gain for a search, which does about as many of each, for more code.
 */
export class FingerprintSet {
  private table: Uint32Array;
  private slotCount: number;
  /** Fingerprints the table may hold before it must grow: `loadMax` of the slots, leaving one empty. */
  private held: number;
  private stored = 0;
  readonly slotsMax: number;

  constructor(options: FingerprintSetOptions = {}) {
    const bytesMax = options.bytesMax ?? 2 ** 29;
    this.slotsMax = Math.floor(bytesMax / bytesPerSlot);
    const slots = Math.min(options.slotsInitial ?? 1 << 6, this.slotsMax);
    if (!Number.isSafeInteger(slots) || slots < 2) {
      throw new Error(
        `stormcheck internal error: a fingerprint table needs 2 slots or more (${options.slotsInitial} initial, ${bytesMax} bytes at most)`,
      );
    }
    this.slotCount = slots;
    this.held = heldIn(slots);
    this.table = new Uint32Array(2 * slots);
  }

  /** Distinct fingerprints held. */
  get count(): number {
    return this.stored;
  }

  get slots(): number {
    return this.slotCount;
  }

  /** Memory held by the table itself (a growth holds the old table too, until it has been copied). */
  get bytes(): number {
    return this.table.byteLength;
  }

  has(fingerprint: Fingerprint): boolean {
    const at = this.find(highWord(fingerprint), lowWord(fingerprint));
    return this.table[at] !== 0 || this.table[at + 1] !== 0;
  }

  add(fingerprint: Fingerprint): AddOutcome {
    const hi = highWord(fingerprint);
    const lo = lowWord(fingerprint);
    let at = this.find(hi, lo);
    if (this.table[at] !== 0 || this.table[at + 1] !== 0) return 'present';
    if (this.stored === this.held) {
      const slots = Math.min(Math.ceil(this.slotCount * growthFactor), this.slotsMax);
      if (heldIn(slots) <= this.stored) return 'full';
      this.grow(slots);
      at = this.find(hi, lo);
    }
    this.table[at] = hi;
    this.table[at + 1] = lo;
    this.stored++;
    return 'added';
  }

  /** The index of the high word of the slot holding (hi, lo), or of the empty slot where it would go. */
  private find(hi: number, lo: number): number {
    const table = this.table;
    let at = 2 * Math.floor(lo * this.slotCount * wordScale);
    for (;;) {
      const h = table[at] as number;
      const l = table[at + 1] as number;
      if ((h === hi && l === lo) || (h === 0 && l === 0)) return at;
      at += 2;
      if (at === table.length) at = 0;
    }
  }

  /**
   * Moves every fingerprint into a table of `slots` slots. The old table is read from an empty slot
   * round to it again, so that a run that wraps past the end is moved whole and in order.
   */
  private grow(slots: number): void {
    const old = this.table;
    this.table = new Uint32Array(2 * slots);
    this.slotCount = slots;
    this.held = heldIn(slots);
    let start = 0;
    while (old[start] !== 0 || old[start + 1] !== 0) start += 2;
    for (let k = 0; k < old.length; k += 2) {
      const from = start + k < old.length ? start + k : start + k - old.length;
      const h = old[from] as number;
      const l = old[from + 1] as number;
      if (h === 0 && l === 0) continue;
      const at = this.find(h, l);
      this.table[at] = h;
      this.table[at + 1] = l;
    }
  }
}

/** The fingerprints a table of `slots` slots may hold; at least one slot stays empty to end every probe. */
function heldIn(slots: number): number {
  return Math.min(Math.floor(slots * loadMax), slots - 1);
}

function highWord({ hi }: Fingerprint): number {
  return hi >>> 0;
}

/** The zero fingerprint marks an empty slot: it is stored with a low word of 1. */
function lowWord({ hi, lo }: Fingerprint): number {
  const low = lo >>> 0;
  return low === 0 && hi >>> 0 === 0 ? 1 : low;
}
