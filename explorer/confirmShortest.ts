import type { Counterexample } from '../checker/result.ts';
import { describeEvent, type Event, type System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { propertyNamed } from '../properties/registry.ts';
import { type Failure, phasesOf, quietTicksFor, runTrace, type Start } from '../properties/run.ts';
import { contract } from '../properties/safety.ts';
import { canonicalEvents } from './canonicalEvents.ts';
import type { ExploreOptions } from './explore.ts';
import { exploreSupernodes } from './exploreSupernodes.ts';
import type { ExploreResult, Limit, SearchStats } from './result.ts';
import { alphabetOf } from './supernodeModel.ts';
import { toCounterexample, type Violated } from './toCounterexample.ts';

/**
 * What is minimised. A trace's *disruption events* are its events before `quiet` (all of them when
 * it broke before the quiet phase); after `quiet` come only ticks, a continuation fixed by the state
 * the disruptions left. The breadth-first search minimises the disruption events, not the total: a
 * trace with fewer disruptions may need more quiet ticks before it breaks, and so be longer in all.
 */
export interface TraceLength {
  /** The property the trace breaks. */
  readonly property: string;
  readonly disruptionEvents: number;
  /** Every event of the trace, the `quiet` event and the quiet ticks included. */
  readonly totalEvents: number;
}

/** The search that was run: its alphabet and what it cost. */
export interface Searched extends TraceLength {
  /** Actions the search could try: `alphabetOf`'s and the trace's own events it lacks. */
  readonly alphabetSize: number;
  /** The trace's own disruption events that `alphabetOf` lacks, as added to the alphabet. */
  readonly ownEvents: readonly Event[];
  readonly stats: SearchStats;
}

export type Confirmation =
  /**
   * No trace over the alphabet with fewer disruption events breaks the property: every one of up to
   * `disruptionEvents − 1` was checked, so the given trace is a shortest one in that sense.
   * `reproduced`: the search went on to find a violation with exactly as many disruption events, a
   * check on its state abstraction; false when a limit, or the contract breaking first, stopped it there.
   */
  | ({ readonly verdict: 'shortest'; readonly reproduced: boolean } & Searched)
  /** The search found a trace with strictly fewer disruption events (itself a shortest one over the alphabet). */
  | ({ readonly verdict: 'improved'; readonly counterexample: Counterexample; readonly found: Violated } & Searched)
  /**
   * The algorithm breaks the interface contract after fewer disruption events than the trace has, and
   * `check` stops at a contract violation first, so the search stopped there: no trace with fewer
   * than `found.depth` disruption events breaks the property or the contract.
   */
  | ({ readonly verdict: 'contractBroken'; readonly counterexample: Counterexample; readonly found: Violated } & Searched)
  /**
   * A limit stopped the search first. Every trace of up to `verifiedDepth` disruption events was
   * checked and none breaks the property (−1: not even the initial state's was finished).
   */
  | ({ readonly verdict: 'unconfirmed'; readonly limit: Exclude<Limit, 'depth'>; readonly verifiedDepth: number } & Searched)
  /**
   * The search checked every trace of up to `disruptionEvents` disruption events, the trace's own
   * among them, and none broke the property: the explorer's state abstraction is unsound for this
   * algorithm (see `reason`), so it cannot judge the trace either way.
   */
  | ({ readonly verdict: 'inconsistent'; readonly reason: string } & Searched)
  /** The trace is not one the explorer can represent, so nothing was searched; `reason` says why. */
  | ({ readonly verdict: 'unrepresentable'; readonly reason: string } & TraceLength);

/**
 * The search's limits, and its heartbeat for a watchdog (cli/runInWorker.ts): the search calls the
 * algorithm thousands of times, and one call that never returns must silence it.
 */
export type ConfirmLimits = Pick<ExploreOptions, 'statesMax' | 'timeMaxMs' | 'visitedBytesMax' | 'now' | 'onHeartbeat'>;

/**
 * Confirms or improves a counterexample found by random search with a bounded breadth-first search
 * of the same system (`system.config` must be the counterexample's own network). The alphabet is the
 * explorer's whole alphabet plus the trace's own disruption events (canonicalEvents.ts), so the
 * search contains the trace; the search goes to the trace's own number of disruption events and no
 * further. It checks the violated property behind the contract, as `check` does: a trace that
 * breaks the contract first is not one `check` would report as breaking the property.
 */
export function confirmShortest(
  system: System,
  counterexample: Pick<Counterexample, 'events' | 'property' | 'settleTicks'> & { readonly draws?: Counterexample['draws'] },
  limits: ConfirmLimits = {},
): Confirmation {
  const property = propertyNamed(counterexample.property);
  if (property === undefined) throw new Error(`stormcheck internal error: unknown property ${counterexample.property}`);
  const selected: readonly Property[] = property === contract ? [contract] : [contract, property];
  const { events, settleTicks } = counterexample;
  // The search starts where the trace does: after the same settle phase, or cold.
  const start: Start = settleTicks === 0 ? 'cold' : 'settled';
  const { disruption } = phasesOf(events);
  const length: TraceLength = { property: property.name, disruptionEvents: disruption.length, totalEvents: events.length };
  const reason = unrepresentable(system, selected, events.slice(disruption.length));
  if (reason !== null) return { verdict: 'unrepresentable', reason, ...length };

  const canonical = canonicalEvents(system, disruption);
  assertSameBreak(
    system,
    selected,
    property,
    settleTicks,
    events,
    [...canonical, ...events.slice(disruption.length)],
    counterexample.draws,
  );
  const base = new Set(alphabetOf(system.config).map((e) => JSON.stringify(e)));
  const ownEvents = distinct(canonical).filter((e) => !base.has(JSON.stringify(e)));
  const result = exploreSupernodes(system, { ...limits, start, properties: selected, extraEvents: ownEvents, depthMax: disruption.length });
  const searched: Searched = { ...length, alphabetSize: base.size + ownEvents.length, ownEvents, stats: statsOf(result) };

  // Every level below the trace's own was finished: nothing shorter exists over this alphabet.
  const shortest = (reproduced: boolean): Confirmation => ({ verdict: 'shortest', reproduced, ...searched });
  if (result.status === 'violated') {
    if (result.depth >= disruption.length) return shortest(result.property === property.name);
    // toCounterexample replays the trace with `step` and fails loudly if it does not break the same way.
    const found = { counterexample: toCounterexample(system, result, start), found: result };
    return { verdict: result.property === property.name ? 'improved' : 'contractBroken', ...found, ...searched };
  }
  if (result.status === 'limitReached' && result.limit !== 'depth') {
    if (result.depth >= disruption.length - 1) return shortest(false);
    return { verdict: 'unconfirmed', limit: result.limit, verifiedDepth: result.depth, ...searched };
  }
  return {
    verdict: 'inconsistent',
    reason:
      `every trace of up to ${disruption.length} disruption events over an alphabet that contains this one was checked and none breaks ${property.name}, ` +
      "so the explorer's state key or its quiet-phase shortcut merges states this algorithm tells apart (does it read view.state.tick? " +
      `see explorer/stateCodec.ts and quietSuffix.ts), or two states shared a fingerprint (chance ${chance(result.collisionProbability)})`,
    ...searched,
  };
}

/** What a replay ended with, in words. */
function said(failure: Failure | null): string {
  return failure === null
    ? 'holds throughout'
    : `breaks ${failure.property.name} after ${failure.step} events: ${failure.violation.message}`;
}

/** Why the part of a trace from `quiet` on is beyond the explorer's quiet phase, or null when it is not. */
function unrepresentable(system: System, selected: readonly Property[], quietPhase: readonly Event[]): string | null {
  const other = quietPhase.slice(1).find((e) => e.kind !== 'tick');
  if (other !== undefined)
    return `the trace has ${describeEvent(other)} after quiet; the explorer's quiet phase is ticks alone, as every run of check ends`;
  const ticks = Math.max(0, quietPhase.length - 1);
  const ticksMax = quietTicksFor(system, selected);
  if (ticks > ticksMax) return `the trace breaks after ${ticks} quiet ticks; the explorer's quiet phase has ${ticksMax}`;
  return null;
}

/** The trace must break `property` at its last event, and its canonical form exactly as it does. */
function assertSameBreak(
  system: System,
  selected: readonly Property[],
  property: Property,
  settleTicks: number,
  original: readonly Event[],
  canonical: readonly Event[],
  /** The draws the trace took, when it records them; the seed's stream otherwise. */
  draws?: Counterexample['draws'],
): void {
  const before = runTrace(system, original, selected, settleTicks, { draws }).failure;
  const after = runTrace(system, canonical, selected, settleTicks, { draws }).failure;
  if (before?.property !== property || before.step !== original.length || said(before) !== said(after)) {
    throw new Error(
      `stormcheck internal error: the trace to confirm ${said(before)}, its canonical form ${said(after)}; both should break ${property.name} at the last event (${original.length})`,
    );
  }
}

function chance(probability: number): string {
  return probability === 0 ? '0' : probability.toExponential(1);
}

function distinct(events: readonly Event[]): Event[] {
  const seen = new Set<string>();
  const kept: Event[] = [];
  for (const event of events) {
    const json = JSON.stringify(event);
    if (!seen.has(json)) kept.push(event);
    seen.add(json);
  }
  return kept;
}

function statsOf(result: ExploreResult<Event>): SearchStats {
  const { distinctStates, transitions, depth, elapsedMs, statesPerSecond, visitedBytes, traceBytes, bytesPerState, collisionProbability } =
    result;
  return { distinctStates, transitions, depth, elapsedMs, statesPerSecond, visitedBytes, traceBytes, bytesPerState, collisionProbability };
}
