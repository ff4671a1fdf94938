import type { Counterexample } from '../checker/result.ts';
import {
  type ExploreSupernodesOptions,
  exploreSupernodes,
  NotDeterministic,
  type SupernodeResult,
  toCounterexample,
} from '../explorer/index.ts';
import { InputError } from '../io/inputError.ts';
import type { EventKind } from '../model/index.ts';
import { type ResolvedJob, resolveJob, type SystemSpec } from './checkJob.ts';
import { nondeterministic } from './determinism.ts';

/**
 * An exhaustive search as plain data, like `CheckJob`, so that it can be handed to the worker thread
 * that runs it (runInWorker.ts); the system is resolved again on the other side from the same flags.
 */
export interface ExploreJob extends SystemSpec {
  /** An explicit cap on the depth; null searches level by level until the time limit or the fixpoint. */
  readonly depthMax: number | null;
  readonly statesMax: number | null;
  readonly timeMaxMs: number | null;
  readonly symmetry: boolean;
  /** Threads that check each level's quiet suffixes (explorer/searchWorkers.ts); 1 checks them in the search's own thread. */
  readonly workers: number;
  /** The alphabet's event kinds and spike levels; null for the explorer's defaults. */
  readonly eventKinds: readonly EventKind[] | null;
  readonly usagePercents: readonly number[] | null;
}

export function exploreOptions(job: ExploreJob, resolved: ResolvedJob): ExploreSupernodesOptions {
  return {
    properties: resolved.properties,
    ...(job.depthMax === null ? {} : { depthMax: job.depthMax }),
    symmetry: job.symmetry,
    workers: job.workers,
    ...(resolved.loaded.module === null ? {} : { algorithmModule: resolved.loaded.module }),
    ...(job.statesMax === null ? {} : { statesMax: job.statesMax }),
    ...(job.eventKinds === null ? {} : { eventKinds: job.eventKinds }),
    ...(job.usagePercents === null ? {} : { usagePercents: job.usagePercents }),
    ...(job.timeMaxMs === null ? {} : { timeMaxMs: job.timeMaxMs }),
    ...(job.start === undefined ? {} : { start: job.start }),
  };
}

/** What a search gives, as plain data: the command never loads the algorithm itself (exploreCommand.ts). */
export interface Explored {
  readonly result: SupernodeResult;
  readonly algorithmName: string;
  /** A violation as the durable counterexample, made here, where the algorithm is (toCounterexample replays it); else null. */
  readonly counterexample: Counterexample | null;
}

/**
 * Resolves the job and searches. The command has located the algorithm and type-checked its module,
 * so it is not type-checked again here.
 */
export async function runExplore(job: ExploreJob, onHeartbeat?: (depth: number) => void): Promise<Explored> {
  const resolved = await resolveJob(job, { typecheck: false });
  const system = { config: resolved.preset.config, algorithm: resolved.loaded.algorithm };
  try {
    const result = exploreSupernodes(system, { ...exploreOptions(job, resolved), onHeartbeat });
    const counterexample = result.status === 'violated' ? toCounterexample(system, result, job.start) : null;
    return { result, algorithmName: system.algorithm.name, counterexample };
  } catch (error) {
    // The explorer replays the paths it keeps (traceStore.ts), and toCounterexample the violation it
    // found, and each says when the replay decided otherwise. For a module's algorithm that is its
    // nondeterminism, a user's error in one line; for a built-in, stormcheck's own, and it stays one.
    if (resolved.loaded.module === null || !(error instanceof NotDeterministic)) throw error;
    throw new InputError(
      nondeterministic(system.algorithm.name, 'the search replayed a path it had found, and the algorithm decided otherwise'),
    );
  }
}
