import { type ExplorableModel, NotDeterministic } from './model.ts';

/** An action index's array: as narrow as the largest index it has had to hold. */
type ActionArray = Uint8Array | Uint16Array | Uint32Array;

/** A run of consecutive ids, from `start`: parent and action index of each. */
interface Chunk {
  readonly start: number;
  readonly parents: Int32Array;
  actions: ActionArray;
  /** The largest action index `actions` can hold. */
  actionMax: number;
}

/** The first chunk's entries; later chunks grow with the store (see `TraceStore`). */
export const chunkEntriesMin = 1 << 6;
/** The largest chunk: 5 MiB with one-byte action indices. */
export const chunkEntriesMax = 1 << 20;
/**
 * A new chunk is at most this fraction of the entries already allocated, so the unused end of the
 * last chunk costs at most 1/32 more than the entries in use.
 */
const chunkShareMax = 1 / 32;
/** Parent pointers are Int32: ids stay below 2^31. */
const idsMax = 2 ** 31 - 1;

/**
 * Parent pointers for every distinct state: the state it was first reached from (Int32) and the
 * index of the action (one byte, while every index fits), so that a trace costs about 5 bytes per
 * state and the states themselves can be dropped once their level is expanded (Stateright stores
 * paths the same way). An initial state has parent -1 and, as its "action", its index among the
 * initial states.
 *
 * The entries live in chunks that are never copied once full: growth allocates a new chunk rather
 * than doubling and copying the store, which at 10^8 states would copy half a gigabyte and briefly
 * hold both copies. Chunks start at `chunkEntriesMin` entries and double in size as long as the
 * doubled size stays within 1/32 of the entries already allocated, up to `chunkEntriesMax`; the
 * unused end of the last chunk is then at most 64 entries or 1/32 of the store, so the bytes stay
 * close to 5 per state at every size, from tiny's 1,743 states at depth 4 (where one fixed chunk of
 * 2^16 entries would cost 188 bytes a state) to beyond 10^8 (where a chunk of 2^20 is 1% of the store).
 *
 * A chunk's action indices widen to Uint16 or Uint32 the first time one of them needs it, copying
 * that chunk alone; later chunks start at the widest width seen, so a model with more than 255
 * actions in a state copies at most two chunks in a whole search.
 */
export class TraceStore {
  private readonly chunks: Chunk[] = [];
  private current: Chunk;
  private stored = 0;
  private allocatedEntries = 0;
  private allocatedBytes = 0;
  private chunkEntries = chunkEntriesMin;

  constructor() {
    this.current = this.addChunk(actionArray(0xff, chunkEntriesMin));
  }

  get count(): number {
    return this.stored;
  }

  get bytes(): number {
    return this.allocatedBytes;
  }

  /** Records a state reached from `parent` by its `action`-th action; returns the new state's id. */
  add(parent: number, action: number): number {
    let chunk = this.current;
    if (this.stored - chunk.start === chunk.parents.length) {
      if (this.stored === idsMax) throw new Error(`stormcheck internal error: more than ${idsMax} states in a trace store`);
      chunk = this.addChunk(actionArray(chunk.actionMax, this.chunkEntries));
    }
    if (action > chunk.actionMax) this.widen(chunk, action);
    const k = this.stored - chunk.start;
    chunk.parents[k] = parent;
    chunk.actions[k] = action;
    return this.stored++;
  }

  /** The indices from the initial state to `id`: the initial state's index, then one action index per step. */
  path(id: number): number[] {
    const out: number[] = [];
    for (let at = id; at >= 0; ) {
      const chunk = this.chunkOf(at);
      out.push(chunk.actions[at - chunk.start] as number);
      at = chunk.parents[at - chunk.start] as number;
    }
    return out.reverse();
  }

  private addChunk(actions: ActionArray): Chunk {
    const chunk: Chunk = { start: this.allocatedEntries, parents: new Int32Array(actions.length), actions, actionMax: maxOf(actions) };
    this.chunks.push(chunk);
    this.current = chunk;
    this.allocatedEntries += actions.length;
    this.allocatedBytes += chunk.parents.byteLength + actions.byteLength;
    while (this.chunkEntries < chunkEntriesMax && this.chunkEntries * 2 <= this.allocatedEntries * chunkShareMax) this.chunkEntries *= 2;
    return chunk;
  }

  /** Copies `chunk`'s action indices into an array wide enough for `action`. */
  private widen(chunk: Chunk, action: number): void {
    if (!Number.isInteger(action) || action > 0xffffffff) throw new Error(`stormcheck internal error: action index ${action}`);
    const wider = actionArray(action, chunk.actions.length);
    wider.set(chunk.actions);
    this.allocatedBytes += wider.byteLength - chunk.actions.byteLength;
    chunk.actions = wider;
    chunk.actionMax = maxOf(wider);
  }

  /** The chunk holding `id`, by binary search on the chunks' starts: 548 of them at 10^8 states. */
  private chunkOf(id: number): Chunk {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.chunks[middle] as Chunk).start <= id) low = middle;
      else high = middle - 1;
    }
    return this.chunks[low] as Chunk;
  }
}

/** The narrowest array of `entries` action indices that holds `action`. */
function actionArray(action: number, entries: number): ActionArray {
  if (action <= 0xff) return new Uint8Array(entries);
  if (action <= 0xffff) return new Uint16Array(entries);
  return new Uint32Array(entries);
}

function maxOf(actions: ActionArray): number {
  return 2 ** (8 * actions.BYTES_PER_ELEMENT) - 1;
}

/**
 * Rebuilds the actions of a path by replaying it, as Stateright's `Path::from_fingerprints` does.
 * If the model's `actions` were not deterministic the replay would reach another state; `expected`,
 * the key the search saw at the end, turns that into an error that says so.
 */
export function replayPath<State, Action>(
  model: ExplorableModel<State, Action>,
  path: readonly number[],
  expected: string,
): { readonly actions: Action[]; readonly state: State } {
  const [first, ...rest] = path;
  let state = model.initialStates()[first ?? -1];
  if (state === undefined) throw new Error(`stormcheck internal error: no initial state ${first} of ${model.name}`);
  const actions: Action[] = [];
  for (const index of rest) {
    const action = model.actions(state)[index];
    if (action === undefined) throw new NotDeterministic(divergence(model.name, actions.length));
    actions.push(action);
    state = model.next(state, action);
  }
  if (JSON.stringify(model.key(state)) !== expected) throw new NotDeterministic(divergence(model.name, actions.length));
  return { actions, state };
}

function divergence(name: string, steps: number): string {
  return (
    `stormcheck internal error: replaying a path of ${name} diverged after ${steps} actions. The model's ` +
    '`actions` or `next` is not a deterministic function of the state: it may read a clock, ' +
    'Math.random or state outside the model, or list actions in an order that varies between calls.'
  );
}
