import type { Event, NodeIndex, System } from '../model/index.ts';
import type { Draws } from '../properties/draws.ts';
import { type ExploreOptions, explore } from './explore.ts';
import { suffixMemoSlots } from './quietSuffix.ts';
import type { ExploreResult } from './result.ts';
import { type SearchWorkerOptions, workerModelOf } from './searchSystem.ts';
import { SharedFingerprints } from './sharedFingerprints.ts';
import { type Branch, type SupernodeModelOptions, supernodeModel } from './supernodeModel.ts';
import { symmetryOf } from './symmetry.ts';

/** The model's options, the search's limits and the search workers, in one place. */
export type ExploreSupernodesOptions = SupernodeModelOptions & ExploreOptions & SearchWorkerOptions;

/**
 * What a search of the supernode model returns: a violation's trace and continuation as events,
 * with `draws`, the random choices each event's step took (one list per event, trace then
 * continuation), which a counterexample carries so that its replay takes them too.
 */
export type SupernodeResult =
  | Exclude<ExploreResult<Event>, { readonly status: 'violated' }>
  | (Extract<ExploreResult<Event>, { readonly status: 'violated' }> & { readonly draws: Draws });

function asEvents(result: ExploreResult<Branch>): SupernodeResult {
  if (result.status !== 'violated') return result;
  const events = (branches: readonly Branch[]) => branches.map((b) => b.event);
  const draws = [...result.trace, ...result.continuation].map((b) => b.draws);
  return { ...result, trace: events(result.trace), continuation: events(result.continuation), draws };
}

/**
 * Exhaustive search of a network under an algorithm. With `workers` above 1, each level's new
 * states have their quiet suffixes checked on that many worker threads of the search
 * (searchWorkers.ts); the result is the one this thread alone would give. When the workers could
 * not rebuild the system (`searchSystemOf` says why), the search runs in this thread alone, as with 1.
 */
export function exploreSupernodes(system: System, options: ExploreSupernodesOptions = {}): SupernodeResult {
  const alone = supernodeModel(system, options);
  // The workers check quiet phases only (searchWorkers.ts): a search with none has no use for them.
  if ((options.workers ?? 1) === 1 || alone.continuation === undefined) return asEvents(explore(alone, options));
  // One memo of quiet phases for this thread and the workers (quietSuffix.ts), or each repeats the others' work.
  const shared = { ...options, suffixMemo: SharedFingerprints.buffer(suffixMemoSlots) };
  const workerModel = workerModelOf(system, shared);
  if (typeof workerModel === 'string') return asEvents(explore(alone, options));
  return asEvents(explore(supernodeModel(system, shared), { ...options, workerModel }));
}

/** The same search with and without symmetry reduction, so that its effect is reported, never assumed. */
export interface SymmetryEffect {
  /** The classes of interchangeable user nodes; empty when no two users have the same attributes. */
  readonly classes: readonly (readonly NodeIndex[])[];
  readonly without: SupernodeResult;
  readonly with: SupernodeResult;
  /** Whether both searches ended alike (same status, and the same property when violated). */
  readonly sameVerdict: boolean;
}

/**
 * Runs the search twice. Symmetry reduction is not sound for the built-in algorithms (symmetry.ts),
 * so a reduced verdict that differs from the full one is expected and is reported, not hidden.
 */
export function symmetryEffect(system: System, options: ExploreSupernodesOptions = {}): SymmetryEffect {
  const without = exploreSupernodes(system, { ...options, symmetry: false });
  const reduced = exploreSupernodes(system, { ...options, symmetry: true });
  const propertyOf = (r: SupernodeResult) => (r.status === 'violated' ? r.property : null);
  return {
    classes: symmetryOf(system.config).classes,
    without,
    with: reduced,
    sameVerdict: without.status === reduced.status && propertyOf(without) === propertyOf(reduced),
  };
}
