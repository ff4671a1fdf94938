import type fc from 'fast-check';
import { applies, describeEvent, type Event, initialState, type State, type System, step } from '../model/index.ts';
import { reconnectionBound } from '../properties/healing.ts';
import type { Property, Violation } from '../properties/property.ts';
import { firstViolation } from '../properties/registry.ts';

/**
 * One run of the model under fast-check: the system, its current state, and the events applied so
 * far (no-ops are not recorded). Every step is checked against the selected properties.
 */
/** `step` (immer) or `stepMutable`: the same recipe either way. */
export type Stepper = (system: System, state: State, event: Event) => State;

export interface Run {
  readonly system: System;
  readonly step: Stepper;
  readonly properties: readonly Property[];
  state: State;
  readonly events: Event[];
}

/** Thrown on the first violated property, so that fast-check sees the run fail and shrinks it. */
export class PropertyFailure extends Error {
  constructor(
    readonly property: Property,
    readonly violation: Violation,
    /** Events applied up to and including the one after which the property broke. */
    readonly step: number,
  ) {
    super(`${property.name} broken after event ${step}: ${violation.message}`);
  }
}

export function startRun(system: System, properties: readonly Property[], stepper: Stepper = step): Run {
  const run: Run = { system, step: stepper, properties, state: initialState(system.config, system.algorithm), events: [] };
  const found = firstViolation(properties, { config: system.config, before: null, event: null, after: run.state });
  if (found !== null) throw new PropertyFailure(found.property, found.violation, 0);
  return run;
}

/** Applies `event` if it applies, checks every property, and throws on the first violation. */
export function advance(run: Run, event: Event): void {
  if (!applies(run.system.config, run.state, event)) return;
  const before = run.state;
  run.state = run.step(run.system, before, event);
  run.events.push(event);
  const found = firstViolation(run.properties, { config: run.system.config, before, event, after: run.state });
  if (found !== null) throw new PropertyFailure(found.property, found.violation, run.events.length);
}

/** Ticks of the quiet phase every run ends with: long enough for every healing bound to be in force. */
export function quietTicksFor(system: System): number {
  return reconnectionBound.ticks(system.config) + 2;
}

/** The second phase of every run: no more disruptions, only time, so that a failure to heal shows. */
export function quietPhase(run: Run): void {
  advance(run, { kind: 'quiet' });
  const ticks = quietTicksFor(run.system);
  for (let k = 0; k < ticks; k++) advance(run, { kind: 'tick' });
}

/**
 * An event as a fast-check command. The pure model is itself the system under test, so fast-check's
 * model slot and real slot are the same `Run`: `check` asks the model whether the event applies
 * (commands that never ran are what fast-check's shrinker drops first), `run` steps and checks.
 */
export class EventCommand implements fc.Command<Run, Run> {
  constructor(readonly event: Event) {}
  check(run: Readonly<Run>): boolean {
    return applies(run.system.config, run.state, this.event);
  }
  run(run: Run): void {
    advance(run, this.event);
  }
  toString(): string {
    return describeEvent(this.event);
  }
}
