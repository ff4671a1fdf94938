import { type Decision, type Event, initialState, type Random, type State, type System, sameButTick, step } from '../model/index.ts';
import { reconnectionBound, settleBound } from './bounds.ts';
import { type Draws, replayedDraws } from './draws.ts';
import type { Property, Violation } from './property.ts';
import { firstViolation } from './registry.ts';

/**
 * One run, written once. Every strategy (fast-check's random runs, the exhaustive explorer's quiet
 * suffixes, the replay of a stored file) is a fold of `step` over a run of this shape, with the
 * selected properties checked after every step:
 *
 * 1. **settle**: from the cold start, ticks with no disruption until a tick changes nothing but the
 *    clock, or `settleBound` ticks; a run's trace records only how many. The `settles` property
 *    judges the state it ends in. A cold-start run has no settle phase.
 * 2. **disruptions**: the events a strategy chooses (reboots, storms, crashes, logins, spikes, …).
 * 3. **quiet**: the `quiet` event, then ticks, as many as the largest bound of the selected healing
 *    properties needs (`quietTicksFor`), so that no selected property can pass vacuously for want of
 *    time.
 */

/** `step` (immer) or `stepMutable`: the same recipe either way; `random` resolves the step's choices (the state's stream unless given). */
export type Stepper = (system: System, state: State, event: Event, random?: Random) => State;

/** How a run begins: from the network after it has settled under the algorithm (the default), or cold. */
export type Start = 'settled' | 'cold';

/** Thrown on the first violated property, so that fast-check sees the run fail and shrinks it. */
export class PropertyFailure extends Error {
  constructor(
    readonly property: Property,
    readonly violation: Violation,
    /** Events applied after the settle phase, up to and including the one after which the property broke. */
    readonly step: number,
    readonly state: State,
  ) {
    super(`${property.name} broken after event ${step}: ${violation.message}`);
  }
}

/** A run in progress: its system, its current state, and the events applied since the settle phase (no-ops are not recorded). */
export interface Run {
  readonly system: System;
  readonly step: Stepper;
  readonly properties: readonly Property[];
  /** Ticks of the settle phase this run began with. */
  readonly settleTicks: number;
  state: State;
  readonly events: Event[];
  /** Names of the healing properties whose premise was in force at some step of this run. */
  readonly exercised: Set<string>;
  /** The selected properties by when they are checked: every step, the end of the settle phase, and which have a premise. */
  readonly everyStep: readonly Property[];
  readonly atSettled: readonly Property[];
  readonly healing: readonly Property[];
}

/**
 * How many ticks `system` takes to settle from a cold start: the first tick after which a tick
 * changes nothing but the clock, or `settleBound` if none comes. Deterministic, and remembered per
 * network and algorithm, since every run and every shrinking candidate on one network starts from it.
 * `stepper` may throw (a time limit, checker/deadline.ts): nothing is remembered then.
 */
export function settleTicksOf(system: System, stepper: Stepper = step): number {
  const key = JSON.stringify(system.config);
  let byAlgorithm = settled.get(key);
  if (byAlgorithm === undefined) {
    if (settled.size >= settledMax) settled.clear();
    byAlgorithm = new WeakMap();
    settled.set(key, byAlgorithm);
  }
  const known = byAlgorithm.get(system.algorithm);
  if (known !== undefined) return known;
  const limit = settleBound.ticks(system.config);
  const tick: Event = { kind: 'tick' };
  let state = initialState(system.config, system.algorithm);
  let ticks = 0;
  while (ticks < limit) {
    const next = stepper(system, state, tick);
    ticks++;
    if (sameButTick(state, next)) break;
    state = next;
  }
  byAlgorithm.set(system.algorithm, ticks);
  return ticks;
}

/** The settle phase a run that begins at `start` has on `system`: none for a cold start. */
export function settleTicksFor(start: Start | undefined, system: System, stepper: Stepper = step): number {
  return start === 'cold' ? 0 : settleTicksOf(system, stepper);
}

const settled = new Map<string, WeakMap<object, number>>();
/** Networks remembered at once: a swarm draws a new one per run, and shrinking reuses a few. */
const settledMax = 512;

/**
 * Starts a run: the initial state, then `settleTicks` ticks (the settle phase; `settleTicksOf` for
 * a run of the default shape), every selected property checked at every step, and the `settles`
 * property, when selected, on the state the phase ends in.
 */
export function startRun(system: System, properties: readonly Property[], settleTicks: number, stepper: Stepper = step): Run {
  const run: Run = {
    system,
    step: stepper,
    properties,
    settleTicks,
    state: initialState(system.config, system.algorithm),
    events: [],
    exercised: new Set(),
    everyStep: properties.filter((p) => p.kind !== 'settling'),
    atSettled: properties.filter((p) => p.kind === 'settling'),
    healing: properties.filter((p) => p.kind === 'healing'),
  };
  observe(run, null, null, run.everyStep);
  const tick: Event = { kind: 'tick' };
  for (let k = 0; k < settleTicks; k++) {
    const before = run.state;
    run.state = stepper(system, before, tick);
    observe(run, before, tick, run.everyStep);
  }
  // A cold start has no settle phase to judge.
  if (settleTicks > 0) observe(run, null, null, run.atSettled, true);
  return run;
}

/** Checks `selected` on the run's current state, and throws on the first violation. */
function observe(run: Run, before: State | null, event: Event | null, selected: readonly Property[], settled = false): void {
  const observation = { config: run.system.config, before, event, after: run.state, ...(settled ? { settled: true as const } : {}) };
  const found = firstViolation(selected, observation);
  if (found !== null) throw new PropertyFailure(found.property, found.violation, run.events.length, run.state);
  for (const property of run.healing) {
    if (!run.exercised.has(property.name) && property.inForce?.(observation) === true) run.exercised.add(property.name);
  }
}

/**
 * Applies `event` if it applies, checks every property, and throws on the first violation. Its
 * random choices come from the state's stream, or from `random` when given (a replay's draws).
 */
export function advance(run: Run, event: Event, random?: Random): void {
  const before = run.state;
  const after = run.step(run.system, before, event, random);
  if (after === before) return;
  run.state = after;
  run.events.push(event);
  observe(run, before, event, run.everyStep);
}

/**
 * Ticks of the quiet phase every run ends with: the largest bound among the selected healing
 * properties, and 2 more, so that each is in force for at least two steps; with none selected, the
 * reconnection bound, so that the safety properties still see the network heal.
 */
export function quietTicksFor(system: System, properties: readonly Property[]): number {
  let ticks = -1;
  for (const p of properties) if (p.kind === 'healing' && p.bound !== null) ticks = Math.max(ticks, p.bound.ticks(system.config));
  return (ticks < 0 ? reconnectionBound.ticks(system.config) : ticks) + 2;
}

/** The last phase of every run: no more disruptions, only time, so that a failure to heal shows. */
export function quietPhase(run: Run): void {
  advance(run, { kind: 'quiet' });
  const ticks = quietTicksFor(run.system, run.properties);
  for (let k = 0; k < ticks; k++) advance(run, { kind: 'tick' });
}

/** A trace cut at its `quiet` event: the disruption phase (every event before it, ticks included), and the ticks after it. */
export function phasesOf(events: readonly Event[]): { readonly disruption: readonly Event[]; readonly quietTicks: number } {
  const quietAt = events.findIndex((e) => e.kind === 'quiet');
  if (quietAt < 0) return { disruption: events, quietTicks: 0 };
  return { disruption: events.slice(0, quietAt), quietTicks: events.length - quietAt - 1 };
}

/** What a run applied and where it broke. */
export interface Played {
  readonly settleTicks: number;
  /** The events applied after the settle phase, up to and including the one after which a property broke. */
  readonly events: readonly Event[];
  readonly failure: PropertyFailure | null;
  readonly exercised: ReadonlySet<string>;
}

/** Starts a run, lets `drive` step it, and returns what was applied and the first violation, if any. */
export function play(
  system: System,
  properties: readonly Property[],
  settleTicks: number,
  drive: (run: Run) => void,
  stepper?: Stepper,
): Played {
  let run: Run | null = null;
  try {
    run = startRun(system, properties, settleTicks, stepper);
    drive(run);
    return { settleTicks, events: run.events, failure: null, exercised: run.exercised };
  } catch (error) {
    if (!(error instanceof PropertyFailure)) throw error;
    return { settleTicks, events: run?.events ?? [], failure: error, exercised: run?.exercised ?? new Set() };
  }
}

/** A plain event list after a settle phase, exactly as given: how stored traces and shrinking candidates are judged. */
export function playEvents(system: System, properties: readonly Property[], settleTicks: number, events: readonly Event[]): Played {
  return play(system, properties, settleTicks, (run) => {
    for (const event of events) advance(run, event);
  });
}

/** Where a replay broke: after `step` events past the settle phase (0 is the settled state), which property, and what it says. */
export interface Failure {
  readonly step: number;
  readonly property: Property;
  readonly violation: Violation;
  readonly state: State;
}

export interface TraceResult {
  /** The state at the end of the settle phase, then the state after each event applied: fewer if it broke. */
  readonly states: readonly State[];
  readonly failure: Failure | null;
  /** With `recordDecisions`: what the model saw decided at each step, aligned with `states` (none at step 0). */
  readonly decisions: readonly (readonly Decision[])[];
}

/** The state a run's events start from: after `settleTicks` ticks of the settle phase, nothing checked. */
export function settledState(system: System, settleTicks: number): State {
  return startRun(system, [], settleTicks).state;
}

/**
 * Folds `step` over a stored run (the settle phase, then `events`) and checks `selected` after
 * every step, stopping at the first violation. Every event is kept in `states`, no-ops included,
 * so that `states[k]` is the state after `events[k - 1]`. This is replay in its plainest form.
 * With `draws`, event k takes the choices `draws[k]` records (draws.ts), whatever the stream says:
 * how a stored counterexample replays; a recorded draw out of range is an `InputError`. With
 * `recordDecisions`, what the model saw decided at each step comes back too.
 */
export function runTrace(
  system: System,
  events: readonly Event[],
  selected: readonly Property[],
  settleTicks = 0,
  { draws, recordDecisions = false }: { readonly draws?: Draws; readonly recordDecisions?: boolean } = {},
): TraceResult {
  const states: State[] = [];
  const decisions: Decision[][] = [[]];
  let current: Decision[] = [];
  const observed = recordDecisions ? { ...system, recorder: (d: Decision) => void current.push(d) } : system;
  let run: Run;
  try {
    run = startRun(observed, selected, settleTicks);
  } catch (error) {
    if (!(error instanceof PropertyFailure)) throw error;
    const failure = { step: 0, property: error.property, violation: error.violation, state: error.state };
    return { states: [error.state], failure, decisions };
  }
  states.push(run.state);
  for (let k = 0; k < events.length; k++) {
    const event = events[k] as Event;
    current = [];
    if (recordDecisions) decisions.push(current);
    const random = draws === undefined ? undefined : replayedDraws(draws[k] ?? [], k, event);
    try {
      advance(run, event, random);
    } catch (error) {
      random?.throwIfOutOfRange();
      if (!(error instanceof PropertyFailure)) throw error;
      states.push(error.state);
      return { states, failure: { step: k + 1, property: error.property, violation: error.violation, state: error.state }, decisions };
    }
    random?.throwIfOutOfRange();
    states.push(run.state);
  }
  return { states, failure: null, decisions };
}
