import { Worker } from 'node:worker_threads';
import { check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import type { Confirmation } from '../explorer/index.ts';
import { InputError, LimitReached } from '../io/inputError.ts';
import { clipped } from '../io/printable.ts';
import { type CheckJob, checkOptions, resolveJob } from './checkJob.ts';
import { type ConfirmJob, runConfirm } from './confirmJob.ts';
import { checkDeterminism } from './determinism.ts';
import { type Diffed, type DiffJob, runDiff } from './diffJob.ts';
import { type Explored, type ExploreJob, runExplore } from './exploreJob.ts';
import type { Job, WorkerMessage } from './jobWorker.ts';
import { type Replayed, type ReplayJob, runReplay } from './replayJob.ts';

/** A check's result, with the name of the algorithm it ran: the command never loads a module itself. */
export type CheckRun = CheckResult & { readonly algorithmName: string };

/** How the CLI runs a check: on a watched worker thread (`runInWorker`), or in this thread. */
export type CheckRunner = (
  job: CheckJob,
  silenceMs: number,
  onProgress: (runs: number) => void,
  /** Aborted when `--time-limit` is past: the thread is ended, and the command exits 3. */
  deadline?: AbortSignal,
) => Promise<CheckRun>;

/** How the CLI runs an exhaustive search: on a watched worker thread (`exploreInWorker`), or in this thread. */
/** `onDepth` hears the depth being searched as the search's heartbeats come: for a progress line. */
export type ExploreRunner = (job: ExploreJob, silenceMs: number, onDepth?: (depth: number) => void) => Promise<Explored>;

/** How the CLI runs `check --confirm-shortest`'s search: on a watched worker thread (`confirmInWorker`), or in this thread. */
export type ConfirmRunner = (job: ConfirmJob, silenceMs: number) => Promise<Confirmation>;

/** How the CLI replays a stored counterexample: on a watched worker thread (`replayInWorker`), or in this thread. */
export type ReplayRunner = (job: ReplayJob, silenceMs: number, deadline?: AbortSignal) => Promise<Replayed>;

/** How the CLI plays a sample of a check's runs twice and compares them (determinism.ts): on a watched worker thread, or in this thread. */
export type DeterminismRunner = (job: CheckJob, runs: number, silenceMs: number, deadline?: AbortSignal) => Promise<void>;

/** How the CLI plays one preset of `diff` on both versions (diffJob.ts): on a watched worker thread, or in this thread. */
export type DiffRunner = (job: DiffJob, silenceMs: number) => Promise<Diffed>;

/** Where the CLI runs its searches and replays: `onWorkers` for the command line, `inThisThread` for most tests. */
export interface Runners {
  readonly check: CheckRunner;
  readonly diff: DiffRunner;
  readonly explore: ExploreRunner;
  readonly confirm: ConfirmRunner;
  readonly replay: ReplayRunner;
  readonly determinism: DeterminismRunner;
}

/**
 * In this thread, with no watchdog: for tests and for embedding, where starting a thread per check
 * costs more than the check and the algorithms are known to return.
 */
export const runInProcess: CheckRunner = async (job, _silenceMs, onProgress) => {
  // The command has located and type-checked the algorithm already (checkJob.ts's locateJob).
  const resolved = await resolveJob(job, { typecheck: false });
  return { ...check({ ...checkOptions(job, resolved), onProgress }), algorithmName: resolved.loaded.algorithm.name };
};

/** In this thread, with no watchdog, as `runInProcess`. */
export const exploreInProcess: ExploreRunner = (job, _silenceMs, onDepth) => runExplore(job, onDepth);

/** In this thread, with no watchdog, as `runInProcess`. */
export const confirmInProcess: ConfirmRunner = (job) => runConfirm(job);

/** A check on a watched worker thread (see `runWatched`). */
export const runInWorker: CheckRunner = (job, silenceMs, onProgress, deadline) =>
  runWatched<number, CheckRun>({ kind: 'check', check: job }, job.algorithm, silenceMs, {
    onProgress,
    deadline,
    // The worker reports 0 runs done once the algorithm has loaded: before that, the import is what hangs.
    where: (runs) => (runs === undefined ? 'while it loads' : `in run ${runs + 1}`),
  });

/** An exhaustive search on a watched worker thread (see `runWatched`). */
export const exploreInWorker: ExploreRunner = (job, silenceMs, onDepth) =>
  runWatched<number, Explored>({ kind: 'explore', explore: job }, job.algorithm, silenceMs, {
    ...(onDepth === undefined ? {} : { onProgress: onDepth }),
    // Before the search's first heartbeat it is at its initial states: depth 0.
    where: (depth = 0) => `while exploring depth ${depth}`,
  });

/** A confirmation on a watched worker thread (see `runWatched`). */
export const confirmInWorker: ConfirmRunner = (job, silenceMs) =>
  runWatched<number, Confirmation>({ kind: 'confirm', confirm: job }, job.algorithm, silenceMs, {
    // Before the search's first heartbeat it replays the trace and is at its initial state: depth 0.
    where: (depth = 0) => `while confirming the shortest counterexample, exploring depth ${depth}`,
  });

/** In this thread, with no watchdog, as `runInProcess`. */
export const replayInProcess: ReplayRunner = (job) => runReplay(job);

/** A replay on a watched worker thread (see `runWatched`): `replay --algorithm loop.mjs` ends in one line. */
export const replayInWorker: ReplayRunner = (job, silenceMs, deadline) =>
  runWatched<number, Replayed>({ kind: 'replay', replay: job }, job.algorithm ?? job.path, silenceMs, {
    deadline,
    where: () => `while replaying ${job.path}`,
  });

/** In this thread, with no watchdog, as `runInProcess`. */
export const determinismInProcess: DeterminismRunner = (job, runs) => checkDeterminism(job, runs);

/** The determinism check on a watched worker thread (see `runWatched`). */
export const determinismInWorker: DeterminismRunner = (job, runs, silenceMs, deadline) =>
  runWatched<number, void>({ kind: 'determinism', check: job, runs }, job.algorithm, silenceMs, {
    deadline,
    where: () => `while playing ${runs} runs twice to check it is deterministic`,
  });

/** In this thread, with no watchdog, as `runInProcess`. */
export const diffInProcess: DiffRunner = (job) => runDiff(job);

/**
 * A preset of `diff` on a watched worker thread (see `runWatched`). Its progress says which version
 * is playing which run (`2r` the base's run r, `2r + 1` the head's), so that a hang names the version.
 */
export const diffInWorker: DiffRunner = (job, silenceMs) =>
  runWatched<number, Diffed>({ kind: 'diff', diff: job }, `${job.base.spec}' or '${job.head}`, silenceMs, {
    algorithm: (at) => (at === undefined ? undefined : at % 2 === 0 ? job.base.spec : job.head),
    where: (at) => (at === undefined ? 'while they load' : `in run ${Math.floor(at / 2) + 1} on ${job.preset}`),
  });

export const onWorkers: Runners = {
  check: runInWorker,
  diff: diffInWorker,
  explore: exploreInWorker,
  confirm: confirmInWorker,
  replay: replayInWorker,
  determinism: determinismInWorker,
};
export const inThisThread: Runners = {
  check: runInProcess,
  diff: diffInProcess,
  explore: exploreInProcess,
  confirm: confirmInProcess,
  replay: replayInProcess,
  determinism: determinismInProcess,
};

/**
 * The heap a worker may grow to, in megabytes: an algorithm that allocates without bound then ends
 * in one line naming the limit, within seconds, instead of V8's own limit of about 4 GB on a
 * machine others share. 2,048 MB is over ten times what the largest search measured needs
 * (`explore` keeps its visited states off the heap, 14 to 15 bytes each); `STORMCHECK_WORKER_HEAP_MB`
 * sets another, as tests do to run out of memory quickly.
 */
export const workerHeapMbDefault = 2048;

export function workerHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const megabytes = Number(env.STORMCHECK_WORKER_HEAP_MB);
  return Number.isSafeInteger(megabytes) && megabytes > 0 ? megabytes : workerHeapMbDefault;
}

/** What the watchdog reports of a job's progress messages. */
interface Watch<Progress> {
  readonly onProgress?: (progress: Progress) => void;
  /** Where the job was, from its last progress (undefined before the first), for the message that ends it. */
  readonly where: (progress: Progress | undefined) => string;
  /** The algorithm to name, from the last progress, when the job runs two (diff); else the one given. */
  readonly algorithm?: (progress: Progress | undefined) => string | undefined;
  /** Ends the job when aborted, as `--time-limit` does, with a `LimitReached` saying where it was. */
  readonly deadline?: AbortSignal | undefined;
}

/**
 * Runs a job on a worker thread (jobWorker.js) and watches it: an algorithm that loops forever
 * cannot be interrupted on the thread it runs on, so the CLI runs it on another and ends that
 * thread, with any threads it started, when it shows no sign of life for `silenceMs`. That is a
 * user's error, reported in one line naming the algorithm (`algorithm`, as the user gave it), with
 * exit 2.
 */
function runWatched<Progress, Result>(job: Job, given: string, silenceMs: number, watch: Watch<Progress>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const heapMb = workerHeapMb();
    const worker = new Worker(new URL('./jobWorker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let progress: Progress | undefined;
    let algorithm = given;
    let timer: NodeJS.Timeout | undefined;
    const settle = (action: () => void) => {
      clearTimeout(timer);
      watch.deadline?.removeEventListener('abort', timeUp);
      worker.removeAllListeners();
      // The job is settled: an error the thread raises while it is being ended (a timer the algorithm
      // left, firing after its result) must not become an uncaught exception of this process.
      worker.on('error', () => {});
      void worker.terminate();
      action();
    };
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const message = `algorithm '${algorithm}' showed no progress for ${silenceMs / 1000} s ${watch.where(progress)}: does it loop forever? (--hang-timeout raises the limit)`;
        settle(() => reject(new InputError(message)));
      }, silenceMs);
    };
    // The watch starts with the worker's first message, sent once stormcheck has loaded there: the
    // seconds tsx and stormcheck's own modules may take to load on a busy machine are not the
    // algorithm's, and only the algorithm's code can loop forever.
    const timeUp = () => settle(() => reject(new LimitReached(`--time-limit reached ${watch.where(progress)}`)));
    if (watch.deadline?.aborted === true) return timeUp();
    watch.deadline?.addEventListener('abort', timeUp, { once: true });
    worker.on('message', (message: WorkerMessage<Progress, Result>) => {
      restart();
      if (message.kind === 'progress') {
        progress = message.progress;
        algorithm = watch.algorithm?.(progress) ?? given;
        watch.onProgress?.(progress);
      } else if (message.kind === 'result') settle(() => resolve(message.result));
      else if (message.kind === 'inputError') settle(() => reject(new InputError(message.message)));
      else if (message.kind === 'internalError')
        settle(() => reject(new Error(`stormcheck internal error on the ${job.kind} worker: ${message.stack}`)));
    });
    // Memory and the thread's end are contained too: both are the algorithm's doing, as only its code
    // runs there besides stormcheck's, and both are one line, not a stack trace or a silent pass.
    worker.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const limit = `the worker's heap is limited to ${heapMb} MB (STORMCHECK_WORKER_HEAP_MB sets another)`;
        settle(() => reject(new InputError(`algorithm '${algorithm}' ran out of memory ${watch.where(progress)}: ${limit}`)));
        return;
      }
      // stormcheck's own errors come as 'internalError' messages: this one escaped the algorithm's
      // calls, from a timer or a promise it left behind.
      const message = error instanceof Error ? error.message : String(error);
      settle(() =>
        reject(new InputError(`algorithm '${algorithm}' threw outside any call ${watch.where(progress)}: ${clipped(message, 200)}`)),
      );
    });
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          new InputError(
            `algorithm '${algorithm}' ended the worker thread with exit code ${code} ${watch.where(progress)}: an algorithm must not call process.exit`,
          ),
        ),
      ),
    );
  });
}
