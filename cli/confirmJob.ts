import type { Counterexample } from '../checker/result.ts';
import { type Confirmation, confirmShortest } from '../explorer/index.ts';
import { loadAlgorithm } from '../io/loadAlgorithm.ts';
import type { SystemSpec } from './checkJob.ts';

/**
 * The limits of `check --confirm-shortest`'s search as plain numbers. `ConfirmLimits` also has room
 * for a clock and a heartbeat, functions that cannot be handed to another thread.
 */
export interface ConfirmJobLimits {
  readonly statesMax: number;
  readonly timeMaxMs: number;
}

/**
 * The search of `check --confirm-shortest` as plain data, like `CheckJob`, so that it can be handed
 * to the worker thread that runs it (runInWorker.ts). The system is the algorithm, loaded again on
 * the other side from the same flag, on the counterexample's own network: with swarm testing a
 * check varies the preset's network, so the preset is not needed and would be wrong.
 */
export interface ConfirmJob extends Pick<SystemSpec, 'algorithm' | 'cwd'> {
  readonly counterexample: Pick<Counterexample, 'config' | 'events' | 'property' | 'settleTicks'>;
  readonly limits: ConfirmJobLimits;
}

/**
 * Loads the algorithm and searches. The command has loaded it once already, type-checking its
 * module, so it is not type-checked again here. `onHeartbeat` is the search's own, with the depth
 * being searched (explorer/explore.ts).
 */
export async function runConfirm(job: ConfirmJob, onHeartbeat?: (depth: number) => void): Promise<Confirmation> {
  const { algorithm } = await loadAlgorithm(job.algorithm, job.cwd, '--algorithm', { typecheck: false });
  const { config, events, property, settleTicks } = job.counterexample;
  return confirmShortest({ config, algorithm }, { events, property, settleTicks }, { ...job.limits, onHeartbeat });
}
