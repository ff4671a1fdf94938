import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { algorithmNamed } from '../algorithms/index.ts';
import type { Config, Event, State, System } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import type { BatchViolation, ContinuationViolation } from './model.ts';
import type { SupernodeModelOptions } from './supernodeModel.ts';

/**
 * The explorer spends nine tenths of its time on quiet suffixes (bench/explorer.ts), one per new
 * state, each independent of the others; this spreads a level's suffixes over worker threads while
 * the main thread keeps the search itself (successors, the visited set, parent pointers), so the
 * order of discovery, the counts and the reported violation are those of the sequential search.
 *
 * `explore` is synchronous, and stays so: the main thread hands each worker a contiguous chunk of
 * the level and then blocks in `Atomics.wait` until every chunk has answered, reading the answers
 * with `receiveMessageOnPort`. States are plain JSON, so `postMessage` structured-clones them.
 *
 * What it costs: each worker takes a few hundred milliseconds to start (tsx, then the model), and
 * cloning a level's states is a few percent of checking their suffixes; the level's expansion
 * stays serial. So it pays on searches of thousands of states and more; bench/explorer.ts
 * measures it.
 */

export interface SuffixWorkerOptions {
  /**
   * Threads that check the quiet suffixes of each level's new states. 1, the default, checks them
   * in this thread. With more, the verdict, counts and trace are the same, and only the time
   * differs. The workers rebuild the system from plain data, so the search stays in this thread
   * (as with 1) when they cannot: an algorithm that is neither a built-in nor loaded from
   * `algorithmModule`, or a property that is not the registry's (`suffixSystemOf` says which).
   */
  readonly workers?: number;
  /** The file a user's algorithm was loaded from (`LoadedAlgorithm.module`), which each worker loads again. */
  readonly algorithmModule?: string;
}

/** What a worker rebuilds the supernode model from: plain data, cloned to it once. */
export interface SuffixSystem {
  readonly config: Config;
  readonly algorithm: { readonly builtIn: string } | { readonly module: string; readonly name: string };
  /** The model's options, with the properties by name, in the order given. */
  readonly model: Omit<SupernodeModelOptions, 'properties'> & { readonly properties?: readonly string[] };
}

/**
 * The system as data a worker can rebuild it from, or why it cannot be: the algorithm must be a
 * built-in or come from `options.algorithmModule`, and every property must be the registry's.
 */
export function suffixSystemOf(system: System, options: SupernodeModelOptions & SuffixWorkerOptions): SuffixSystem | string {
  const { algorithm } = system;
  const builtIn = algorithmNamed(algorithm.name) === algorithm;
  if (!builtIn && options.algorithmModule === undefined) {
    return `algorithm '${algorithm.name}' is neither a built-in nor given with algorithmModule, so the workers cannot load it`;
  }
  const foreign = options.properties?.find((p) => propertyNamed(p.name) !== p);
  if (foreign !== undefined) return `property '${foreign.name}' is not the registry's, so the workers cannot name it`;
  const { usagePercents, eventKinds, symmetry, keepTick } = options;
  return {
    config: system.config,
    algorithm: builtIn ? { builtIn: algorithm.name } : { module: options.algorithmModule as string, name: algorithm.name },
    model: {
      ...(options.properties === undefined ? {} : { properties: options.properties.map((p) => p.name) }),
      ...(usagePercents === undefined ? {} : { usagePercents }),
      ...(eventKinds === undefined ? {} : { eventKinds }),
      ...(symmetry === undefined ? {} : { symmetry }),
      ...(keepTick === undefined ? {} : { keepTick }),
    },
  };
}

/** Slots of the Int32Array the main thread and the workers share. */
export const slot = {
  /** Chunks answered in the current batch: the main thread waits on this slot. */
  answered: 0,
  /** Set by the main thread when the search is out of time: the workers stop at the next state. */
  stop: 1,
  /** The lowest index in the batch whose suffix broke so far: no worker need look past it. */
  lowest: 2,
  /** Workers that have ended (suffixWorker.js): the main thread could otherwise wait for ever. */
  ended: 3,
} as const;
const noneFound = 0x7fffffff;

export interface SuffixWorkerData {
  readonly system: SuffixSystem;
  readonly signal: SharedArrayBuffer;
  /** Where the worker posts its answers, read by the main thread with `receiveMessageOnPort`. */
  readonly reply: MessagePort;
}

/** A contiguous run of a level's new states; `offset` is the first one's index in the level. */
export interface Chunk {
  readonly offset: number;
  readonly states: readonly State[];
}

/**
 * A chunk's answer. 'stopped': the worker stopped early, either because the search ran out of time
 * or because an earlier state broke, which an earlier chunk then reports first.
 */
export type ChunkAnswer =
  | { readonly kind: 'clean' }
  | { readonly kind: 'broken'; readonly index: number; readonly found: ContinuationViolation<Event> }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'error'; readonly message: string };

/** How often the waiting main thread looks at the clock: the time limit's resolution. */
const pollMs = 20;

/**
 * Worker threads that check quiet suffixes, started when the pool is made and kept for the whole
 * search. `close` ends them; the threads are unref'd, so a pool left open does not hold the process.
 */
export class SuffixWorkers {
  private readonly threads: readonly { readonly worker: Worker; readonly port: MessagePort }[];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4 * Object.keys(slot).length));

  constructor(system: SuffixSystem, count: number) {
    this.threads = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel();
      const workerData: SuffixWorkerData = { system, signal: this.signal.buffer as SharedArrayBuffer, reply: port2 };
      const worker = new Worker(new URL('./suffixWorker.js', import.meta.url), { workerData, transferList: [port2] });
      worker.unref();
      // The main thread learns of a failure through `slot.ended`; the event itself would crash it.
      worker.on('error', () => {});
      return { worker, port: port1 };
    });
  }

  /** What checking each state's suffix in order would find first; 'time' if `outOfTime` cut it short first. */
  firstBroken(states: readonly State[], outOfTime: () => boolean): BatchViolation<Event> | null | 'time' {
    const size = Math.ceil(states.length / this.threads.length);
    const chunks: Chunk[] = [];
    for (let offset = 0; offset < states.length; offset += size) chunks.push({ offset, states: states.slice(offset, offset + size) });
    Atomics.store(this.signal, slot.answered, 0);
    Atomics.store(this.signal, slot.stop, 0);
    Atomics.store(this.signal, slot.lowest, noneFound);
    for (let k = 0; k < chunks.length; k++) this.threads[k]?.worker.postMessage(chunks[k]);
    this.wait(chunks.length, outOfTime);
    // Every answer is read, so that none is left for the next batch to take for its own.
    const answers = chunks.map((_, k) => this.answerOf(k));
    // In chunk order, so that the first broken state is the one the sequential search reports.
    for (const answer of answers) {
      if (answer.kind === 'broken') return { index: answer.index, found: answer.found };
      if (answer.kind === 'stopped') return 'time';
    }
    return null;
  }

  private answerOf(k: number): Exclude<ChunkAnswer, { kind: 'error' }> {
    const answer = receiveMessageOnPort((this.threads[k] as { port: MessagePort }).port)?.message as ChunkAnswer | undefined;
    if (answer === undefined) throw new Error(`stormcheck internal error: suffix worker ${k} counted an answer it did not post`);
    if (answer.kind === 'error') throw new Error(`stormcheck: a suffix worker failed: ${answer.message}`);
    return answer;
  }

  /** Blocks until `chunks` answers are in, telling the workers to stop once `outOfTime` says so. */
  private wait(chunks: number, outOfTime: () => boolean): void {
    for (let seen = 0; seen < chunks; seen = Atomics.load(this.signal, slot.answered)) {
      if (Atomics.load(this.signal, slot.ended) > 0) throw new Error('stormcheck internal error: a suffix worker ended without answering');
      if (Atomics.load(this.signal, slot.stop) === 0 && outOfTime()) Atomics.store(this.signal, slot.stop, 1);
      Atomics.wait(this.signal, slot.answered, seen, pollMs);
    }
  }

  close(): void {
    for (const { worker, port } of this.threads) {
      port.close();
      void worker.terminate();
    }
  }
}
