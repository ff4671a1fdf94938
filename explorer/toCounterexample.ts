import type { Counterexample } from '../checker/result.ts';
import type { Provenance } from '../corpus/record.ts';
import type { System } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import { runTrace, type Start } from '../properties/run.ts';
import { searchedConditions } from './conditionsSearch.ts';
import type { SupernodeResult } from './exploreSupernodes.ts';
import { NotDeterministic } from './model.ts';
import { searchSettleTicks } from './supernodeModel.ts';

export type Violated = Extract<SupernodeResult, { readonly status: 'violated' }>;

/**
 * An explorer violation as the durable `Counterexample` the corpus stores: the events are the
 * search's trace followed, when it broke in the quiet suffix, by the suffix up to the break. The
 * trace is replayed here with `step` (immer) before it is handed on, and the replay must break the
 * same property with the same message after the last event; the explorer steps with `stepMutable`,
 * so this also checks once more that the two paths agree. The nodes come from that replay, since
 * the explorer keeps only messages.
 */
export function toCounterexample(system: System, found: Violated, start?: Start): Counterexample {
  const property = propertyNamed(found.property);
  if (property === undefined) throw new Error(`stormcheck internal error: the explorer reported unknown property ${found.property}`);
  const events = [...found.trace, ...found.continuation];
  const settleTicks = searchSettleTicks(system, start === undefined ? {} : { start });
  const { failure } = runTrace(system, events, [property], settleTicks, { draws: found.draws });
  if (failure === null || failure.step !== events.length || failure.violation.message !== found.message) {
    const replayed = failure === null ? 'holds throughout' : `breaks after ${failure.step} events: ${failure.violation.message}`;
    throw new NotDeterministic(
      `stormcheck internal error: the explorer found ${found.property} broken after ${events.length} events (${found.message}), ` +
        `but the replay with step ${replayed}. step and stepMutable disagree, or the algorithm is not deterministic.`,
    );
  }
  return {
    algorithm: system.algorithm.name,
    config: system.config,
    settleTicks,
    property: found.property,
    step: events.length,
    message: failure.violation.message,
    nodes: failure.violation.nodes,
    events,
    draws: found.draws,
    conditions: searchedConditions({ config: system.config, algorithm: system.algorithm, property, settleTicks, events }),
  };
}

/**
 * Provenance for a counterexample file: the search's numbers in the fields the schema has, the
 * fast-check ones left empty. `runs` holds the distinct states searched; `shrunkFrom` the trace's
 * own length, since a breadth-first trace is already a shortest one and is not shrunk.
 */
export function explorerProvenance(preset: string, system: System, found: Violated): Provenance {
  return {
    tool: `stormcheck explore (breadth-first, depth ${found.depth})`,
    fastCheck: '',
    preset,
    seed: system.config.seed,
    runs: found.distinctStates,
    fastCheckPath: '',
    shrunkFrom: found.trace.length + found.continuation.length,
  };
}
