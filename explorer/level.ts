import { type Fingerprint, fingerprintOf, fingerprintOfWords } from './fingerprint.ts';
import type { ExplorableModel } from './model.ts';
import { WordWriter } from './words.ts';

/**
 * A level of the breadth-first search: the states found at one depth, each with its id, kept until
 * the next level is built from them.
 */
export interface Level<State> {
  readonly length: number;
  push(id: number, state: State): void;
  id(k: number): number;
  /** The k-th state; from a packed level, a new copy that the caller owns. */
  state(k: number): State;
}

/** How a model packs its states into words and back (`ExplorableModel.codec`). */
export interface Codec<State> {
  /** The first word of the key; the words before it are a header that the key leaves out. */
  readonly keyStart: number;
  /** Writes the state's words into `out`, from its start. */
  encode(state: State, out: WordWriter): void;
  /** The state packed in `words[start, end)`: a new state that the caller owns. */
  decode(words: Int32Array, start: number, end: number): State;
  /**
   * Optional: the words of a state the model has packed already, `words[start, end)`, and the
   * fingerprint of its key, so that the search need not pack and hash it again (the supernode
   * model's successors). Undefined for any other state.
   */
  packed?(state: State): PackedState | undefined;
}

/** A state's words, `words[start, end)`, and the fingerprint of its key words. */
export interface PackedState {
  readonly words: Int32Array;
  readonly start: number;
  readonly end: number;
  readonly fingerprint: Fingerprint;
}

/** How one search names its states and keeps its levels: packed when the model has a codec. */
export type Levels<State> =
  | { readonly kind: 'objects'; fingerprint(state: State): Fingerprint; empty(spare?: Level<State>): Level<State> }
  | { readonly kind: 'packed'; fingerprint(state: State): Fingerprint; empty(spare?: Level<State>): PackedLevel<State> };

/** A packed level's states as words: state k is `words[starts[k], starts[k + 1])`. What crosses to a worker. */
export interface PackedStates {
  readonly count: number;
  readonly words: Int32Array;
  readonly starts: Float64Array;
}

/**
 * With a codec, a state is encoded once, into one reused buffer: its key words are hashed there,
 * and copied into the level (as varints, `PackedLevel`) if the state is new. A level is then a few
 * typed arrays rather than a graph of objects per state, which the garbage collector need not
 * trace and a worker thread could take as bytes. Without one, states are kept as they are and keyed by `model.key`.
 */
export function levelsOf<State>(model: ExplorableModel<State, unknown>): Levels<State> {
  const { codec } = model;
  if (codec === undefined) {
    return { kind: 'objects', fingerprint: (state) => fingerprintOf(model.key(state)), empty: () => new ObjectLevel() };
  }
  // The search fingerprints a state and then, if it is new, keeps it at once: both ask for the same
  // state's words, worked out once (taken from the model when it packed the state already) and
  // valid until the next state is asked for, as the words of a reused buffer are.
  const writer = new WordWriter();
  let last: { state: State; packed: PackedState } | null = null;
  const packedOf = (state: State): PackedState => {
    if (last?.state === state) return last.packed;
    let packed = codec.packed?.(state);
    if (packed === undefined) {
      codec.encode(state, writer);
      const fingerprint = fingerprintOfWords(writer.words, codec.keyStart, writer.length);
      packed = { words: writer.words, start: 0, end: writer.length, fingerprint };
    }
    last = { state, packed };
    return packed;
  };
  return {
    kind: 'packed',
    fingerprint: (state) => packedOf(state).fingerprint,
    empty: (spare) => new PackedLevel(codec, packedOf, spare instanceof PackedLevel ? spare : undefined),
  };
}

class ObjectLevel<State> implements Level<State> {
  private readonly ids: number[] = [];
  private readonly states: State[] = [];

  get length(): number {
    return this.ids.length;
  }

  push(id: number, state: State): void {
    this.ids.push(id);
    this.states.push(state);
  }

  id(k: number): number {
    return this.ids[k] as number;
  }

  state(k: number): State {
    return this.states[k] as State;
  }
}

/**
 * States end to end in `bytes`, each word as a zigzag varint (LEB128, 7 bits a byte): state k is
 * `bytes[starts[k], starts[k + 1])`. Nearly every word of a supernode state is a small count, a
 * clock or an index, so a state of 85 words takes about 90 bytes instead of 340, and the level's
 * memory is what a search touches most for the first time: writing fresh memory (page faults and
 * all) cost more than packing the words, measured on tiny.
 */
export class PackedLevel<State> implements Level<State> {
  private bytes = new Uint8Array(1 << 14);
  private ids = new Int32Array(1 << 8);
  private starts = new Float64Array((1 << 8) + 1);
  private count = 0;
  /** A state's words, unpacked from its bytes for the codec. */
  private readonly scratch = new WordWriter();

  /**
   * `spare`: a level no one reads any more, whose arrays this one takes over and writes from their
   * start. The search gives it the level before the frontier: memory already touched.
   */
  constructor(
    private readonly codec: Codec<State>,
    private readonly packedOf: (state: State) => PackedState,
    spare?: PackedLevel<State>,
  ) {
    if (spare === undefined) return;
    this.bytes = spare.bytes;
    this.ids = spare.ids;
    this.starts = spare.starts;
  }

  get length(): number {
    return this.count;
  }

  /** Bytes the level's states take. */
  get bytesUsed(): number {
    return this.starts[this.count] as number;
  }

  push(id: number, state: State): void {
    const { words, start, end } = this.packedOf(state);
    let at = this.starts[this.count] as number;
    // A word takes at most 5 bytes.
    if (at + 5 * (end - start) > this.bytes.length) this.bytes = grown(this.bytes, at + 5 * (end - start));
    const bytes = this.bytes;
    for (let k = start; k < end; k++) {
      const word = words[k] as number;
      let zigzag = ((word << 1) ^ (word >> 31)) >>> 0;
      while (zigzag >= 0x80) {
        bytes[at++] = (zigzag & 0x7f) | 0x80;
        zigzag >>>= 7;
      }
      bytes[at++] = zigzag;
    }
    if (this.count === this.ids.length) {
      this.ids = grown(this.ids, this.count + 1);
      this.starts = grown(this.starts, this.count + 2);
    }
    this.ids[this.count] = id;
    this.count++;
    this.starts[this.count] = at;
  }

  /** The states unpacked to words (`PackedStates`): copies, which the level does not share. */
  packed(): PackedStates {
    const out = new WordWriter();
    const starts = new Float64Array(this.count + 1);
    for (let k = 0; k < this.count; k++) {
      this.unpack(k, out);
      starts[k + 1] = out.length;
    }
    return { count: this.count, words: out.take(), starts };
  }

  id(k: number): number {
    return this.ids[k] as number;
  }

  state(k: number): State {
    this.scratch.reset();
    this.unpack(k, this.scratch);
    return this.codec.decode(this.scratch.words, 0, this.scratch.length);
  }

  /** Appends state k's words to `out`. */
  private unpack(k: number, out: WordWriter): void {
    const bytes = this.bytes;
    const end = this.starts[k + 1] as number;
    for (let at = this.starts[k] as number; at < end; ) {
      let zigzag = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[at++] as number;
        zigzag |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte >= 0x80);
      out.int((zigzag >>> 1) ^ -(zigzag & 1), 'a packed word');
    }
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}
