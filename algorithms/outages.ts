import type { AllocationAlgorithm } from '../model/algorithm.ts';
import { healing } from './healing.ts';
import { admitByRawSlots, byUptimeOnly, byUptimeOrHistory, exactBelief, planByNeed, retryAtOnce, shutDownWhenOverloaded } from './parts.ts';

/**
 * Reconstructions of the two outages. Neither bug is public (domain.md §1.1: "No public source
 * identifies the exact allocation bug"), so each combines the defects the documented statements
 * point at; what is documented and what is hypothesis is marked in each description.
 */

/**
 * August 2007. Documented: "a combination of high load and supernode rebooting" stalled
 * self-healing, with a collapse, a partial recovery and a relapse, and needed the engineers' help.
 * Hypothesis, with each defect harmless alone:
 * - admission counts raw slots, not the capacity the day's load leaves ("not properly tuned to cope
 *   with the load"): on a normal day the two are the same, and on a heavy day nobody new joins a
 *   settled network, so nobody is admitted past what a supernode can serve;
 * - promotion waits for current uptime (B1), which the reboots reset, so the supernodes a storm
 *   takes are not replaced from the machines it rebooted;
 * - a supernode past its load limit shuts itself down (B3, documented for 2010).
 * A routine storm on a normal day re-admits its orphans within capacity; a heavy day alone admits no
 * one. Together, the storm's orphans and rebooted clients are admitted past what the heavy day leaves,
 * the overloaded supernodes shut down, their children join the next ones, and the cycle keeps the
 * network down until an operator adds capacity.
 */
export const skype2007: AllocationAlgorithm = {
  ...healing,
  name: 'skype-2007',
  description:
    'August 2007 reconstruction: admission by raw slots ignoring the day’s load ([D] "not tuned to … high load", mechanism [H]), promotion gated on current uptime (B1, [H]), and overloaded supernodes shutting down (B3, [H] for 2007). Each is harmless alone; a storm on a heavy day collapses the network, which recovers partly, relapses, and heals only with operator capacity.',
  admit: (view, supernode) => admitByRawSlots(view, supernode),
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOnly, shed: shutDownWhenOverloaded }),
};

/**
 * December 2010. Documented: a client crash took down 25–30% of supernodes, restarting clients sent
 * supernode traffic to 100× normal, and overloaded supernodes took themselves offline, one after
 * another, until the operator deployed mega supernodes. Modelled as B3 (the protection, which counts
 * every probe and join that reaches a supernode) with admission by raw slots, and clients that retry
 * every tick after a failure ([H]: the restart traffic), so the orphans of the crash keep the
 * remaining supernodes past their limit. Only operator mega supernodes, which never shut down, end it.
 */
export const skype2010: AllocationAlgorithm = {
  ...healing,
  name: 'skype-2010',
  description:
    'December 2010 reconstruction: overloaded supernodes shut themselves down ([D] "protection mechanism"), admission by raw slots, and clients that retry every tick under the restart traffic ([D] 100× load, mechanism [H]). The crash’s reconnect load keeps tripping the protection; only operator mega supernodes, which never shut down, end it.',
  admit: (view, supernode) => admitByRawSlots(view, supernode),
  retryDelay: () => retryAtOnce(),
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOrHistory, shed: shutDownWhenOverloaded }),
};
