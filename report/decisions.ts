import type { Config, State } from '../model/index.ts';
import { trueCapacity } from '../model/index.ts';
import { roleInWords } from './nodeDetail.ts';
import { nodeName } from './nodeNames.ts';

/**
 * What the algorithm decided and the model did in one step, worked out from the two states the step
 * joins and the tick's counters, so that there is one copy of the step's semantics (model/step.ts)
 * and nothing needs storing: each node's role change (admitted, logged in, shed, promoted, demoted,
 * shut down, rebooted), the tick's probes, admissions, log-ins and sheds, and the capacity the
 * algorithm believes in against the truth.
 */
export function decisionsAt(config: Config, before: State, after: State, tick: boolean): string[] {
  const lines: string[] = [];
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
