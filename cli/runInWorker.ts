import { Worker } from 'node:worker_threads';
import { check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import { InputError } from '../io/inputError.ts';
import { type CheckJob, checkOptions, resolveJob } from './checkJob.ts';
import type { WorkerMessage } from './checkWorker.ts';

/** How the CLI runs a check: on a watched worker thread (`runInWorker`), or in this thread. */
export type CheckRunner = (job: CheckJob, silenceMs: number, onProgress: (runs: number) => void) => Promise<CheckResult>;

/**
 * In this thread, with no watchdog: for tests and for embedding, where starting a thread per check
 * costs more than the check and the algorithms are known to return.
 */
export const runInProcess: CheckRunner = async (job, _silenceMs, onProgress) =>
  check({ ...checkOptions(job, await resolveJob(job)), onProgress });

/**
 * Runs a check in a worker thread and watches it: an algorithm that loops forever cannot be
 * interrupted on the thread it runs on, so the CLI runs it on another and ends that thread when it
 * shows no sign of life for `silenceMs`. That is a user's error, reported in one line with exit 2.
 */
export const runInWorker: CheckRunner = (job, silenceMs, onProgress) => {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./checkWorker.js', import.meta.url), { workerData: job });
    let runs = 0;
    let timer: NodeJS.Timeout | undefined;
    const settle = (action: () => void) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      action();
    };
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const message = `algorithm '${job.algorithm}' showed no progress for ${silenceMs / 1000} s in run ${runs + 1}: does it loop forever? (--run-timeout raises the limit)`;
        settle(() => reject(new InputError(message)));
      }, silenceMs);
    };
    watch();
    worker.on('message', (message: WorkerMessage) => {
      watch();
      if (message.kind === 'progress') {
        runs = message.runs;
        onProgress(runs);
      } else if (message.kind === 'result') settle(() => resolve(message.result));
      else if (message.kind === 'inputError') settle(() => reject(new InputError(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`stormcheck internal error: the check worker exited with code ${code}`))));
  });
};
