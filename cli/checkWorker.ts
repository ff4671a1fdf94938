import { parentPort, workerData } from 'node:worker_threads';
import { check, NondeterministicAlgorithm } from '../checker/check.ts';
import { InputError } from '../io/inputError.ts';
import { type CheckJob, checkOptions, resolveJob } from './checkJob.ts';

/** Messages from the worker that runs a check, so that the CLI can watch it and stop it if it hangs. */
export type WorkerMessage =
  | { readonly kind: 'progress'; readonly runs: number }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'result'; readonly result: ReturnType<typeof check> }
  | { readonly kind: 'inputError'; readonly message: string };

/** Signs of life at most this often: the watchdog needs a few a second, not thousands. */
const heartbeatEveryMs = 200;

async function run(job: CheckJob): Promise<WorkerMessage> {
  try {
    // The main thread has type-checked the module already.
    const resolved = await resolveJob(job, { typecheck: false });
    let last = 0;
    const result = check({
      ...checkOptions(job, resolved),
      onProgress: (runs) => parentPort?.postMessage({ kind: 'progress', runs } satisfies WorkerMessage),
      onHeartbeat: () => {
        const now = Date.now();
        if (now - last < heartbeatEveryMs) return;
        last = now;
        parentPort?.postMessage({ kind: 'heartbeat' } satisfies WorkerMessage);
      },
    });
    return { kind: 'result', result };
  } catch (error) {
    if (error instanceof InputError || error instanceof NondeterministicAlgorithm) return { kind: 'inputError', message: error.message };
    throw error;
  }
}

parentPort?.postMessage(await run(workerData as CheckJob));
