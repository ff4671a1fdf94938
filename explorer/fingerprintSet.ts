import type { Fingerprint } from './fingerprint.ts';

/** What `add` did: the fingerprint was new, was already there, or did not fit under `slotsMax`. */
export type AddOutcome = 'added' | 'present' | 'full';

export interface FingerprintSetOptions {
  /** Slots to start with; a power of two. */
  readonly slotsInitial?: number;
  /** Slots the table may grow to; a power of two. 8 bytes per slot, so 2^26 slots are 512 MiB. */
  readonly slotsMax?: number;
}

/** Above this fraction of occupied slots the table doubles: linear probing degrades fast past it. */
const loadMax = 0.75;

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/**
 * The explorer's visited set: 64-bit fingerprints in an open-addressing table of two `Uint32Array`s
 * (high and low words), with linear probing. V8's `Set` and `Map` stop at 2^24 entries and spend
 * about 40 bytes or more on each; this table holds 8 bytes per slot, 11 to 21 per state between
 * doublings, and is bounded only by `slotsMax`, at which it answers 'full' instead of throwing, so
 * that the search can end in a typed 'limitReached'. The fingerprint 0 marks an empty slot, so a
 * zero fingerprint is stored as 1 (merging two fingerprints in 2^64, which is below notice).
 */
export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private stored = 0;
  readonly slotsMax: number;

  constructor(options: FingerprintSetOptions = {}) {
    const slots = options.slotsInitial ?? 1 << 12;
    this.slotsMax = options.slotsMax ?? 1 << 26;
    if (!isPowerOfTwo(slots) || !isPowerOfTwo(this.slotsMax) || slots > this.slotsMax) {
      throw new Error(
        `stormcheck internal error: fingerprint table slots ${slots} / ${this.slotsMax} must be powers of two, initial ≤ max`,
      );
    }
    this.hi = new Uint32Array(slots);
    this.lo = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  /** Distinct fingerprints held. */
  get count(): number {
    return this.stored;
  }

  get slots(): number {
    return this.mask + 1;
  }

  /** Memory held by the table itself. */
  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength;
  }

  has(fingerprint: Fingerprint): boolean {
    const [hi, lo] = words(fingerprint);
    const slot = this.find(hi, lo);
    return this.hi[slot] !== 0 || this.lo[slot] !== 0;
  }

  add(fingerprint: Fingerprint): AddOutcome {
    const [hi, lo] = words(fingerprint);
    let slot = this.find(hi, lo);
    if (this.hi[slot] !== 0 || this.lo[slot] !== 0) return 'present';
    if (this.stored + 1 > this.slots * loadMax) {
      if (this.slots * 2 > this.slotsMax) return 'full';
      this.grow();
      slot = this.find(hi, lo);
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.stored++;
    return 'added';
  }

  /** The slot holding (hi, lo), or the empty slot where it would go. The load bound keeps one empty. */
  private find(hi: number, lo: number): number {
    let slot = lo & this.mask;
    for (;;) {
      const h = this.hi[slot] as number;
      const l = this.lo[slot] as number;
      if ((h === hi && l === lo) || (h === 0 && l === 0)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    this.mask = this.hi.length - 1;
    for (let i = 0; i < hi.length; i++) {
      const h = hi[i] as number;
      const l = lo[i] as number;
      if (h === 0 && l === 0) continue;
      const slot = this.find(h, l);
      this.hi[slot] = h;
      this.lo[slot] = l;
    }
  }
}

function words({ hi, lo }: Fingerprint): [number, number] {
  const h = hi >>> 0;
  const l = lo >>> 0;
  return h === 0 && l === 0 ? [0, 1] : [h, l];
}
