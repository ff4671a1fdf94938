import type { AllocationAlgorithm, NetworkView } from '../model/algorithm.ts';
import { type Config, indicesOf } from '../model/config.ts';
import type { NodeIndex } from '../model/ids.ts';
import { census } from '../model/queries.ts';
import type { Json, State } from '../model/state.ts';
import { healing } from './healing.ts';
import { admitByRawSlots, byUptimeOnly, byUptimeOrHistory, exactBelief, planByNeed, retryAtOnce, shutDownWhenOverloaded } from './parts.ts';

/**
 * Reconstructions of the two outages. Neither bug is public (domain.md §1.1: "No public source
 * identifies the exact allocation bug"), so each combines the defects the documented statements
 * point at; what is documented and what is hypothesis is marked in each description.
 */

/**
 * August 2007. Documented: self-healing stalled because the algorithm "was not tuned to take into
 * account a combination of high load and supernode rebooting", "a previously unseen software bug";
 * the network collapsed, recovered partly, relapsed, and needed the engineers' help. Hypothesis: the
 * bug lives in a recovery routine that only that combination runs. On a normal day, or with no
 * supernode lost to a reboot, skype-2007 is the healing reference, decision for decision. When a
 * user supernode's machine reboots on a day of more than normal traffic, the routine takes over
 * until every user who wants to be online is served again, and three of its choices are wrong:
 * - admission counts raw slots, not the capacity the day's load leaves ("not properly tuned to cope
 *   with the load"), so the orphans are packed past what their new supernodes can serve;
 * - promotion waits for current uptime (B1), which the reboots reset, so the machines the storm
 *   took are not promoted again;
 * - a user supernode past its load limit shuts itself down (B3, documented for 2010), and its
 *   children are packed into the next ones.
 * Routine storms come on normal days, and heavy days without a storm never start the routine: that
 * is why it had never been seen. Together, the cycle keeps the network down until an operator adds
 * capacity.
 */
const recoveryPlan = planByNeed({ account: exactBelief, criterion: byUptimeOnly, shed: shutDownWhenOverloaded });

/** What skype-2007 remembers: whether its recovery routine runs, and its plan's user supernodes with their machines' uptime then. */
interface RecoveryMemory {
  readonly recovering: boolean;
  readonly supernodes: readonly (readonly [NodeIndex, number])[];
}

const recovering = (view: NetworkView): boolean => (view.state.memory as RecoveryMemory | null)?.recovering === true;

/** Whether one of the user supernodes remembered is down after its machine rebooted: no longer a supernode, and its uptime went back. */
function lostToReboot(view: NetworkView, memory: RecoveryMemory): boolean {
  const { config, state } = view;
  return memory.supernodes.some(([s, uptime]) => {
    const now = state.clocks.uptime[s] as number;
    return state.nodes[s]?.role.kind !== 'supernode' && now <= uptime && now < config.uptimeMin;
  });
}

function everyoneServed(config: Config, state: State): boolean {
  const { online, wanting } = census(config, state);
  return online >= wanting;
}

export const skype2007: AllocationAlgorithm = {
  ...healing,
  name: 'skype-2007',
  description:
    'August 2007 reconstruction: the healing reference, but a supernode lost to a reboot on a day of high traffic starts a recovery routine ([D] "not tuned to take into account a combination of high load and supernode rebooting"; the routine is [H]) that admits by raw slots ignoring the day’s load, promotes on current uptime only (B1) and lets overloaded supernodes shut down (B3), until everyone is served. Neither the storm nor the heavy day alone starts it; together they collapse the network, which recovers partly, relapses, and heals only with operator capacity.',
  initialMemory: (): Json => ({ recovering: false, supernodes: [] }),
  admit: (view, supernode, node) => (recovering(view) ? admitByRawSlots(view, supernode) : healing.admit(view, supernode, node)),
  plan: (view, memory, random) => {
    const { config, state } = view;
    const remembered = memory as unknown as RecoveryMemory;
    const start = state.usagePercent > 100 && lostToReboot(view, remembered);
    // The census only when the routine would run: on a normal day it is the reference's plan, and no more work.
    const on = (remembered.recovering || start) && !everyoneServed(config, state);
    const plan = on ? recoveryPlan(view, null) : healing.plan(view, null, random);
    const shutDown = new Set(plan.shed.flatMap((s) => (s.kind === 'shutdown' ? [s.supernode] : [])));
    const supernodes: [NodeIndex, number][] = [];
    for (const s of indicesOf(config, 'user')) {
      const serving = state.nodes[s]?.role.kind === 'supernode' || plan.promote.includes(s);
      if (serving && !shutDown.has(s)) supernodes.push([s, state.clocks.uptime[s] as number]);
    }
    const next: RecoveryMemory = { recovering: on, supernodes };
    return { ...plan, memory: next as unknown as Json };
  },
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
