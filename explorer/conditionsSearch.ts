import type { EventKind } from '../model/index.ts';
import {
  type ConditionKind,
  type Conditions,
  type ConditionsInput,
  conditionKindOf,
  necessaryConditions,
  type Searched,
  summaryOf,
} from '../properties/conditions.ts';
import { exploreSupernodes } from './exploreSupernodes.ts';

/** A search's budget: distinct states, depth, and work (below). */
export interface ConditionsSearchBudget {
  readonly statesMax: number;
  readonly depthMax: number;
  /** Units of work (explore.ts's `workMax`): one before every transition and every step of a quiet phase. */
  readonly workMax: number;
}

/**
 * The budget, in states, depth and work rather than time, so that the same counterexample is given
 * the same conditions on any machine. The work bound is what keeps it short: one state's quiet
 * phase down every branch of its choices can take many thousand steps.
 */
export const conditionsSearchBudget: ConditionsSearchBudget = { statesMax: 300, depthMax: 6, workMax: 20_000 };

/** The explorer's event kinds for a kind of condition: a patch storm is searched as single reboots. */
const eventKindsOf: { readonly [K in ConditionKind]: EventKind } = {
  reboots: 'reboot',
  crash: 'crash',
  usageSpike: 'usageSpike',
  login: 'login',
  logout: 'logout',
  addMega: 'addMega',
};

/**
 * The necessary conditions (properties/conditions.ts), each needed kind then backed by a bounded
 * search: from the counterexample's settled network, every interleaving of ticks and of the other
 * kinds of event the trace holds (any user's reboot where it holds a reboot, and so on; the trace's
 * own events of those kinds; its traffic levels and normal traffic), breadth first within
 * `conditionsSearchBudget`. "The property holds without the storm" is
 * then a statement about every such trace, not only about the trace with the storm taken out.
 */
export function searchedConditions(input: ConditionsInput, budget = conditionsSearchBudget): Conditions {
  const replayed = necessaryConditions(input);
  const present = replayed.kinds.map((k) => k.kind);
  const usagePercents = [...new Set([...input.events.flatMap((e) => (e.kind === 'usageSpike' ? [e.percent] : [])), 100])];
  const kinds = replayed.kinds.map((k) => {
    if (!k.needed) return k;
    const others = present.filter((other) => other !== k.kind);
    const eventKinds: EventKind[] = ['tick', ...others.map((other) => eventKindsOf[other])];
    // The trace's own events of the other kinds too (a storm, a crash of several supernodes).
    const extraEvents = input.events.filter((e) => {
      const kind = conditionKindOf(e.kind);
      return kind !== null && kind !== k.kind;
    });
    const result = exploreSupernodes(
      { config: input.config, algorithm: input.algorithm },
      {
        properties: [input.property],
        start: input.settleTicks === 0 ? 'cold' : 'settled',
        eventKinds,
        extraEvents,
        usagePercents,
        statesMax: budget.statesMax,
        depthMax: budget.depthMax,
        workMax: budget.workMax,
      },
    );
    const searched: Searched = {
      status: result.status === 'passed' ? 'everyState' : result.status === 'violated' ? 'breaks' : 'depth',
      depth: result.depth,
      states: result.distinctStates,
    };
    return { ...k, searched };
  });
  return { kinds, summary: summaryOf(kinds) };
}
