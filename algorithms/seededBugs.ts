import type { AllocationAlgorithm } from '../model/algorithm.ts';
import { healing } from './healing.ts';
import {
  byUptimeOnly,
  byUptimeOrHistory,
  chooseInOrder,
  dropExcess,
  exactBelief,
  keepStaleCache,
  lazyBelief,
  planByNeed,
  retryAtOnce,
  shutDownWhenOverloaded,
} from './parts.ts';

/**
 * The seeded bugs of domain.md §4.6, one variant each. Every variant is `healing` with exactly one
 * block swapped for its defective version, so the counterexample a suite finds for it is the
 * signature of that defect alone.
 */

/** B1 [H]: promotion waits for current uptime, which a storm has just reset on every machine. */
export const b1UptimeGated: AllocationAlgorithm = {
  ...healing,
  name: 'b1-uptime-gated',
  description:
    'B1: healing, except that promotion ignores long-run history and waits for uptime ≥ uptimeMin, which no freshly rebooted machine has (grounded in Kaufman and Gnutella’s uptime rule; the bug itself is a hypothesis).',
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOnly, shed: dropExcess }),
};

/** B2 [H]: capacity that has gone is still counted until a long timeout. */
export const b2GhostCapacity: AllocationAlgorithm = {
  ...healing,
  name: 'b2-ghost-capacity',
  description:
    'B2: healing, except that a supernode once seen stays counted in the capacity belief until a long timeout, so booting and departed supernodes are ghost capacity (fits "not tuned to … core size changes"; a hypothesis).',
  initialMemory: () => [],
  plan: planByNeed({ account: lazyBelief, criterion: byUptimeOrHistory, shed: dropExcess }),
};

/** B3 [D for 2010]: an overloaded supernode shuts itself down, and its children overload the next. */
export const b3ShutdownCascade: AllocationAlgorithm = {
  ...healing,
  name: 'b3-shutdown-cascade',
  description:
    'B3: healing, except that a supernode whose load passes shedHighPercent takes itself offline instead of shedding the excess: the documented 2010 protection mechanism, whose shutdowns cascade.',
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOrHistory, shed: shutDownWhenOverloaded }),
};

/** B4 [H]: orphans retry every tick against the same stale host-cache entries, then all hit one bootstrap. */
export const b4RetryStorm: AllocationAlgorithm = {
  ...healing,
  name: 'b4-retry-storm',
  description:
    'B4: healing, except that clients retry every tick with no backoff or jitter, probe their host cache in the same order and fall back to the same bootstrap, and never drop dead entries (consistent with 2007’s 3× signalling and 2010’s 100× supernode traffic; a hypothesis).',
  chooseSupernode: (view, node) => chooseInOrder(view, node),
  retryDelay: () => retryAtOnce(),
  refreshHostCache: (view, node, supernode) => keepStaleCache(view, node, supernode),
};
