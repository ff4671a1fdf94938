import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import type { State } from '../model/index.ts';
import { decisionsAt } from './decisions.ts';
import { type FieldChange, stateDiff } from './stateDiff.ts';
import { eventLabel } from './timeline.ts';

/** One step of a replay as the terminal and the HTML show it: the event, the decisions, the changed fields. */
export interface StepView {
  readonly step: number;
  readonly tick: number;
  /** The event as the tables show it, the node it hit named (`timeline.ts`). */
  readonly event: string;
  /** One line per decision: probes, role changes, the tick's counters, the belief against the truth. */
  readonly decisions: readonly string[];
  /** Every field of the state the step changed, in the state's own order. */
  readonly changes: readonly FieldChange[];
}

/** Step `step` (1 to the last replayed) against the state before it; step 0 has nothing before it. */
export function stepView(record: CounterexampleFile, outcome: ReplayOutcome, step: number): StepView {
  const after = outcome.states[step] as State;
  const before = outcome.states[step - 1];
  if (before === undefined) return { step, tick: after.tick, event: 'the state the settle phase ended in', decisions: [], changes: [] };
  const event = record.events[step - 1];
  if (event === undefined) throw new Error(`stormcheck internal error: no event for step ${step}`);
  return {
    step,
    tick: after.tick,
    event: eventLabel(record.config, before, event),
    decisions: decisionsAt(record.config, before, after, event.kind === 'tick', outcome.decisions[step] ?? []),
    changes: stateDiff(before, after),
  };
}

/** `show --step N` on the terminal: what the step decided, then every field it changed. */
export function renderStep(record: CounterexampleFile, outcome: ReplayOutcome, step: number): string {
  const view = stepView(record, outcome, step);
  const marked = step === outcome.step ? ' · the property breaks here' : '';
  const width = Math.max(0, ...view.changes.map((c) => c.path.length));
  return [
    `step ${step} of ${outcome.states.length - 1} · tick ${view.tick} · ${view.event}${marked}`,
    ...(view.decisions.length === 0 ? [] : ['decisions:', ...view.decisions.map((d) => `  ${d}`)]),
    view.changes.length === 0
      ? step === 0
        ? 'no earlier state to compare with (step 1 is the first event)'
        : 'changed: nothing (the event did not apply)'
      : `changed (${view.changes.length}):`,
    ...view.changes.map((c) => `  ${c.path.padEnd(width)}  ${c.before} → ${c.after}`),
  ].join('\n');
}
