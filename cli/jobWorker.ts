import { parentPort, workerData } from 'node:worker_threads';
import { check, NondeterministicAlgorithm } from '../checker/check.ts';
import { paced, withHeartbeat } from '../io/heartbeat.ts';
import { InputError } from '../io/inputError.ts';
import { type CheckJob, checkOptions, resolveJob } from './checkJob.ts';
import { type ConfirmJob, runConfirm } from './confirmJob.ts';
import { checkDeterminism } from './determinism.ts';
import { type DiffJob, runDiff } from './diffJob.ts';
import { type ExploreJob, runExplore } from './exploreJob.ts';
import { type ReplayJob, runReplay } from './replayJob.ts';

/**
 * What the CLI hands a worker thread to run (runInWorker.ts): a check, an exhaustive search, the
 * bounded search of `check --confirm-shortest`, a replay, the determinism check, or a preset of `diff`:
 * everything that runs a user's code.
 */
export type Job =
  | { readonly kind: 'check'; readonly check: CheckJob }
  | { readonly kind: 'explore'; readonly explore: ExploreJob }
  | { readonly kind: 'confirm'; readonly confirm: ConfirmJob }
  | { readonly kind: 'replay'; readonly replay: ReplayJob }
  /** The first `runs` runs of a check, played again and compared (determinism.ts). */
  | { readonly kind: 'determinism'; readonly check: CheckJob; readonly runs: number }
  /** One preset of `diff`, both versions run for run (diffJob.ts). */
  | { readonly kind: 'diff'; readonly diff: DiffJob };

/**
 * Messages from the worker that runs a job, so that the CLI can watch it and stop it if it hangs.
 * 'progress' and 'heartbeat' are both signs of life; 'progress' also says how far the job has got
 * (runs done for a check, the depth being searched for an exploration or a confirmation). What
 * crosses is copied by the structured clone algorithm, so a result must be plain data: a function
 * in it would fail the post.
 */
export type WorkerMessage<Progress, Result> =
  | { readonly kind: 'progress'; readonly progress: Progress }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'result'; readonly result: Result }
  | { readonly kind: 'inputError'; readonly message: string }
  /** stormcheck's own failure, as opposed to an error the user's code threw from a timer (the worker's 'error' event). */
  | { readonly kind: 'internalError'; readonly stack: string };

function post(message: WorkerMessage<number, unknown>): void {
  parentPort?.postMessage(message);
}

async function runCheck(job: CheckJob): Promise<unknown> {
  // The main thread has type-checked the module already.
  const resolved = await resolveJob(job, { typecheck: false });
  // Loaded: from now on a silence is a run's, not the import's.
  post({ kind: 'progress', progress: 0 });
  // A check calls this after every case it plays, thousands a second, and the algorithm's wrapper on
  // every call within a case: it is paced.
  const beat = paced(() => post({ kind: 'heartbeat' }));
  const options = checkOptions(job, resolved);
  const result = check({
    ...options,
    algorithm: withHeartbeat(options.algorithm, beat),
    onProgress: (runs) => post({ kind: 'progress', progress: runs }),
    onHeartbeat: beat,
  });
  return { ...result, algorithmName: resolved.loaded.algorithm.name };
}

function runJob(job: Job): Promise<unknown> {
  // The searches pace their own heartbeats (explorer/explore.ts), each with the depth being searched.
  const atDepth = (depth: number) => post({ kind: 'progress', progress: depth });
  const beat = paced(() => post({ kind: 'heartbeat' }));
  switch (job.kind) {
    case 'check':
      return runCheck(job.check);
    case 'explore':
      return runExplore(job.explore, atDepth);
    case 'confirm':
      return runConfirm(job.confirm, atDepth);
    case 'replay':
      return runReplay(job.replay, beat);
    case 'determinism':
      return checkDeterminism(job.check, job.runs, beat);
    case 'diff':
      return runDiff(job.diff, (at) => post({ kind: 'progress', progress: at }), beat);
  }
}

async function run(job: Job): Promise<WorkerMessage<number, unknown>> {
  try {
    return { kind: 'result', result: await runJob(job) };
  } catch (error) {
    if (error instanceof InputError || error instanceof NondeterministicAlgorithm) return { kind: 'inputError', message: error.message };
    return { kind: 'internalError', stack: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

// The first sign of life starts the watchdog (runInWorker.ts); everything after it may run a user's code.
post({ kind: 'heartbeat' });
post(await run(workerData as Job));
