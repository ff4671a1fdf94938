import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ChoiceLimit } from './choices.ts';
import type { PackedStates } from './level.ts';
import type { ContinuationViolation, ExplorableModel } from './model.ts';

/**
 * The search's worker threads, for the part of a level that takes the time: checking each new
 * state's continuation (the supernode model's quiet suffix). Each rebuilds the model from a
 * `WorkerModel`. The main thread keeps the search itself (the transitions, the visited set, the
 * parent pointers, the order), so the states found, their ids, the counts and the reported
 * violation are those of the search on one thread. Making the transitions on the workers too was
 * tried and dropped: 0.56× with the safety properties to depth 6 and no measurable gain with
 * every property (bench/explorer.ts, 2026-12-03); an earlier run saw 1.08× to depth 8.
 *
 * `explore` is synchronous, and stays so: the main thread hands each worker a contiguous run of the
 * level and blocks in `Atomics.wait` until every run has answered, reading the answers with
 * `receiveMessageOnPort`. A level crosses as its packed words (level.ts), which `postMessage`
 * copies as bytes.
 *
 * What it costs: each worker takes a second or so to start (tsx, then the model); bench/explorer.ts
 * measures what is left.
 */

/**
 * How a worker thread builds the model the search explores: `module`, a file URL, exports
 * `workerModel` (below), which each worker calls with `data`, cloned to it once. The model's own
 * contract knows nothing of threads; this is the search's.
 */
export interface WorkerModel {
  readonly module: string;
  readonly data: unknown;
}

/**
 * What a `WorkerModel`'s module exports as `workerModel`: the same model as the search's, from the
 * data. `onCall` is a sign of progress for it to give whenever it calls code that might never
 * return (the supernode model: every call to the algorithm), so that a long continuation is not
 * taken for a hung one by the waiting search.
 */
export type WorkerModelOf = (data: unknown, onCall: () => void) => Promise<ExplorableModel<unknown, unknown>>;

/** The first state of a batch whose continuation breaks: its index in the batch, and what broke. */
export interface BatchViolation<Action> {
  readonly index: number;
  readonly found: ContinuationViolation<Action>;
}

/** Slots of the Int32Array the main thread and the workers share. */
export const slot = {
  /** Runs answered in the current batch: the main thread waits on this slot. */
  answered: 0,
  /** Set by the main thread when the search is out of time: the workers stop at the next state. */
  stop: 1,
  /** The lowest index in the level at which a run broke so far: no worker need look past it. */
  lowest: 2,
  /** Workers that have ended (searchWorker.js): the main thread could otherwise wait for ever. */
  ended: 3,
  /**
   * States handled so far, by all workers, ever: while the main thread waits, this is how it tells
   * a batch that advances from one stuck in an algorithm that never returns.
   */
  advanced: 4,
  /**
   * Workers that have rebuilt the system (or failed to). Until all have, the waiting main thread
   * counts their start-up, which is stormcheck's loading and not the algorithm's work, as progress.
   */
  loaded: 5,
} as const;
export const noneFound = 0x7fffffff;

export interface SearchWorkerData {
  readonly model: WorkerModel;
  readonly signal: SharedArrayBuffer;
  /** Where the worker posts its answers, read by the main thread with `receiveMessageOnPort`. */
  readonly reply: MessagePort;
}

/** States `from` to `to` of a packed level, whose continuations to check. */
export interface Job {
  readonly level: PackedStates;
  readonly from: number;
  readonly to: number;
}

/**
 * A run's answer. 'stopped': the worker stopped early, because the search ran out of time or an
 * earlier state broke, which an earlier run then reports first.
 */
export type JobAnswer =
  | { readonly kind: 'clean' }
  | { readonly kind: 'broken'; readonly index: number; readonly found: ContinuationViolation<unknown> }
  | { readonly kind: 'stopped' }
  /** What the worker threw; `choicesMax` when it was a `ChoiceLimit`, which the search stops at as in one thread. */
  | { readonly kind: 'error'; readonly message: string; readonly choicesMax?: number };

/** How often the waiting main thread looks at the clock: the time limit's resolution. */
const pollMs = 20;

/**
 * Worker threads started when the pool is made and kept for the whole search. `close` ends them;
 * the threads are unref'd, so a pool left open does not hold the process.
 */
export class SearchWorkers {
  private readonly threads: readonly { readonly worker: Worker; readonly port: MessagePort }[];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4 * Object.keys(slot).length));

  constructor(model: WorkerModel, count: number) {
    this.threads = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel();
      const workerData: SearchWorkerData = { model, signal: this.signal.buffer as SharedArrayBuffer, reply: port2 };
      const worker = new Worker(new URL('./searchWorker.js', import.meta.url), { workerData, transferList: [port2] });
      worker.unref();
      // The main thread learns of a failure through `slot.ended`; the event itself would crash it.
      worker.on('error', () => {});
      return { worker, port: port1 };
    });
  }

  /** What checking each state's quiet suffix in order would find first; 'time' if `outOfTime` cut it short first. */
  firstBroken<Action>(level: PackedStates, outOfTime: () => boolean, onAdvance: () => void): BatchViolation<Action> | null | 'time' {
    // In run order, so that the first broken state is the one the sequential search reports.
    for (const answer of this.run(level, outOfTime, onAdvance)) {
      // The workers' model is the search's, rebuilt: its actions are the search's Action.
      if (answer.kind === 'broken') return { index: answer.index, found: answer.found as ContinuationViolation<Action> };
      if (answer.kind === 'stopped') return 'time';
    }
    return null;
  }

  /** Hands each thread one contiguous run of the level and returns every answer, in run order. */
  private run(level: PackedStates, outOfTime: () => boolean, onAdvance: () => void): Exclude<JobAnswer, { kind: 'error' }>[] {
    const size = Math.ceil(level.count / this.threads.length);
    const jobs: Job[] = [];
    for (let from = 0; from < level.count; from += size) jobs.push({ level, from, to: Math.min(level.count, from + size) });
    Atomics.store(this.signal, slot.answered, 0);
    // Told before the first state, as a search in one thread asks before each: a batch that starts
    // out of time stops at once, however fast the workers would have finished it.
    Atomics.store(this.signal, slot.stop, outOfTime() ? 1 : 0);
    Atomics.store(this.signal, slot.lowest, noneFound);
    for (let k = 0; k < jobs.length; k++) this.threads[k]?.worker.postMessage(jobs[k]);
    this.wait(jobs.length, outOfTime, onAdvance);
    // Every answer is read, so that none is left for the next batch to take for its own.
    return jobs.map((_, k) => this.answerOf(k));
  }

  private answerOf(k: number): Exclude<JobAnswer, { kind: 'error' }> {
    const answer = receiveMessageOnPort((this.threads[k] as { port: MessagePort }).port)?.message as JobAnswer | undefined;
    if (answer === undefined) throw new Error(`stormcheck internal error: search worker ${k} counted an answer it did not post`);
    if (answer.kind === 'error') {
      throw answer.choicesMax === undefined
        ? new Error(`stormcheck: a search worker failed: ${answer.message}`)
        : new ChoiceLimit(answer.choicesMax);
    }
    return answer;
  }

  /** Blocks until `jobs` answers are in, telling the workers to stop once `outOfTime` says so. */
  private wait(jobs: number, outOfTime: () => boolean, onAdvance: () => void): void {
    let advanced = Atomics.load(this.signal, slot.advanced);
    for (let seen = 0; seen < jobs; seen = Atomics.load(this.signal, slot.answered)) {
      if (Atomics.load(this.signal, slot.ended) > 0) throw new Error('stormcheck internal error: a search worker ended without answering');
      if (Atomics.load(this.signal, slot.stop) === 0 && outOfTime()) Atomics.store(this.signal, slot.stop, 1);
      // A counter that wraps at 2^31 still differs from its last reading, which is all this asks.
      const count = Atomics.load(this.signal, slot.advanced);
      if (count !== advanced || Atomics.load(this.signal, slot.loaded) < this.threads.length) {
        advanced = count;
        onAdvance();
      }
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
