import type { Config, Decision, ProbeOutcome, State } from '../model/index.ts';
import { trueCapacity } from '../model/index.ts';
import { roleInWords } from './nodeDetail.ts';
import { nodeName } from './nodeNames.ts';

/**
 * What the algorithm decided and the model did in one step, worked out from the two states the step
 * joins and the tick's counters, so that there is one copy of the step's semantics (model/step.ts)
 * and nothing needs storing: each node's role change (admitted, logged in, shed, promoted, demoted,
 * shut down, rebooted), the tick's probes, admissions, log-ins and sheds, and the capacity the
 * algorithm believes in against the truth. The probes, which the states cannot tell (a refusal, an
 * admission shed within the same tick), come from the model's recorder as the replay ran.
 */
export function decisionsAt(config: Config, before: State, after: State, tick: boolean, probes: readonly Decision[]): string[] {
  const lines: string[] = [];
  for (const p of probes) {
    const target = p.target === null ? 'no one' : nodeName(config, p.target);
    lines.push(`${nodeName(config, p.node)} probed ${target}: ${probeWords[p.outcome]}`);
  }
  if (tick) {
    const c = after.lastTick;
    lines.push(
      `probes ${c.probes}, admitted ${c.admissions}, log-in attempts ${c.loginAttempts} (served ${c.logins}, failed ${c.loginAttempts - c.logins}), children shed ${c.shedChildren}, shutdowns ${c.shutdowns}`,
    );
    const truth = trueCapacity(config, after);
    const { belief } = after;
    const same = belief.supernodes === truth.supernodes && belief.freeSlots === truth.freeSlots;
    lines.push(
      `capacity: the algorithm believes ${belief.supernodes} usable supernodes with ${belief.freeSlots} free slots; the truth after the step is ${truth.supernodes} with ${truth.freeSlots}${same ? '' : ' (they differ)'}`,
    );
  }
  for (let i = 0; i < after.nodes.length; i++) {
    const was = before.nodes[i]?.role;
    const now = after.nodes[i]?.role;
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    lines.push(`${nodeName(config, i)}: ${roleInWords(was, config)} → ${roleInWords(now, config)}`);
  }
  return lines;
}

const probeWords: { readonly [K in ProbeOutcome]: string } = {
  'no-candidate': 'the algorithm had no candidate (a failed attempt, no probe sent)',
  'not-allowed': 'not in its host cache nor a bootstrap node (refused by the contract)',
  'not-a-supernode': 'not a supernode (a failed attempt)',
  unanswered: 'no work left this tick to answer (a failed attempt)',
  refused: 'answered, and admit said no',
  admitted: 'admitted',
};
