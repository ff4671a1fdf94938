import type { AllocationAlgorithm } from '../model/algorithm.ts';
import { healing } from './healing.ts';
import { admitByRawSlots, byUptimeOnly, byUptimeOrHistory, exactBelief, planByNeed, shutDownWhenOverloaded } from './parts.ts';

/**
 * Reconstructions of the two outages. Neither bug is public (domain.md §1.1: "No public source
 * identifies the exact allocation bug"), so each combines the defects the documented statements
 * point at; what is documented and what is hypothesis is marked in each description.
 */

/**
 * August 2007. Documented: "a combination of high load and supernode rebooting" stalled
 * self-healing, with a collapse, a partial recovery and a relapse. Hypothesis: promotion waits for
 * uptime that the reboots reset (B1), admission counts raw slots without regard to the day's load
 * ("not properly tuned to cope with the load"), and supernodes driven past their load shut down
 * (B3, documented only for 2010), which makes the recovery relapse.
 */
export const skype2007: AllocationAlgorithm = {
  ...healing,
  name: 'skype-2007',
  description:
    'August 2007 reconstruction: promotion gated on current uptime (B1, [H]), admission by raw slots ignoring the day’s load ([D] "not tuned to … high load", mechanism [H]), and overloaded supernodes shutting down (B3, [H] for 2007). Collapses after a patch storm on a heavy day, recovers partly, relapses.',
  admit: (view, supernode) => admitByRawSlots(view, supernode),
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOnly, shed: shutDownWhenOverloaded }),
};

/**
 * December 2010. Documented: a client crash took down 25–30% of supernodes, restarting clients sent
 * supernode traffic to 100× normal, and overloaded supernodes took themselves offline, one after
 * another, until the operator deployed mega supernodes. Modelled as B3 with admission by raw slots,
 * so supernodes fill up to their slots and tip over when traffic rises.
 */
export const skype2010: AllocationAlgorithm = {
  ...healing,
  name: 'skype-2010',
  description:
    'December 2010 reconstruction: overloaded supernodes shut themselves down ([D] "protection mechanism"), with admission by raw slots under the restart traffic ([D] 100× load). Only operator mega supernodes, which never shut down, stop the cascade.',
  admit: (view, supernode) => admitByRawSlots(view, supernode),
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOrHistory, shed: shutDownWhenOverloaded }),
};
