import { type ExploreSupernodesOptions, exploreSupernodes, type SupernodeResult } from '../explorer/index.ts';
import type { EventKind } from '../model/index.ts';
import { type ResolvedJob, resolveJob, type SystemSpec } from './checkJob.ts';

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
  /** Threads that expand each level and check its quiet suffixes (explorer/searchWorkers.ts); 1 does both in the search's own thread. */
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

/**
 * Resolves the job and searches. The command has resolved it once already, type-checking the
 * algorithm's module, so it is not type-checked again here.
 */
export async function runExplore(job: ExploreJob, onHeartbeat?: (depth: number) => void): Promise<SupernodeResult> {
  const resolved = await resolveJob(job, { typecheck: false });
  const system = { config: resolved.preset.config, algorithm: resolved.loaded.algorithm };
  return exploreSupernodes(system, { ...exploreOptions(job, resolved), onHeartbeat });
}
