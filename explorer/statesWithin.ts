import { type ExploreOptions, explore } from './explore.ts';
import type { ExplorableModel } from './model.ts';

/**
 * Every distinct state within `depthMax` actions, in the order breadth-first search finds them, with
 * no property checked. For tests and small models: unlike the search, it keeps every state.
 */
export function statesWithin<State, Action>(
  model: ExplorableModel<State, Action>,
  depthMax: number,
  options: Omit<ExploreOptions, 'depthMax'> = {},
): State[] {
  const seen: State[] = [];
  const collect = (state: State) => {
    seen.push(state);
    return null;
  };
  explore({ ...model, properties: [], continuation: collect }, { ...options, depthMax });
  return seen;
}
