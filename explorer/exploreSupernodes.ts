import type { Event, NodeIndex, System } from '../model/index.ts';
import { type ExploreOptions, explore } from './explore.ts';
import type { ExploreResult } from './result.ts';
import { type SupernodeModelOptions, supernodeModel } from './supernodeModel.ts';
import { symmetryOf } from './symmetry.ts';

/** Exhaustive search of a network under an algorithm: the model's options and the search's limits in one place. */
export function exploreSupernodes(system: System, options: SupernodeModelOptions & ExploreOptions = {}): ExploreResult<Event> {
  return explore(supernodeModel(system, options), options);
}

/** The same search with and without symmetry reduction, so that its effect is reported, never assumed. */
export interface SymmetryEffect {
  /** The classes of interchangeable user nodes; empty when no two users have the same attributes. */
  readonly classes: readonly (readonly NodeIndex[])[];
  readonly without: ExploreResult<Event>;
  readonly with: ExploreResult<Event>;
  /** Whether both searches ended alike (same status, and the same property when violated). */
  readonly sameVerdict: boolean;
}

/**
 * Runs the search twice. Symmetry reduction is not sound for the built-in algorithms (symmetry.ts),
 * so a reduced verdict that differs from the full one is expected and is reported, not hidden.
 */
export function symmetryEffect(system: System, options: SupernodeModelOptions & ExploreOptions = {}): SymmetryEffect {
  const without = exploreSupernodes(system, { ...options, symmetry: false });
  const reduced = exploreSupernodes(system, { ...options, symmetry: true });
  const propertyOf = (r: ExploreResult<Event>) => (r.status === 'violated' ? r.property : null);
  return {
    classes: symmetryOf(system.config).classes,
    without,
    with: reduced,
    sameVerdict: without.status === reduced.status && propertyOf(without) === propertyOf(reduced),
  };
}
