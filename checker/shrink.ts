import type fc from 'fast-check';
import type { AllocationAlgorithm, Config, Event } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { advance, type Played, type PropertyFailure, play, type Run, type Start, type Stepper, settleTicksFor } from '../properties/run.ts';
import { TimeUp } from './deadline.ts';
import { eventArbitraries, type GeneratedKind } from './eventArbitraries.ts';
import { knobsArbitrary, type SwarmKnobs, type SwarmRanges, swarmConfig } from './swarm.ts';

/**
 * fast-check's command shrinker removes one suffix or one command at a time, and stops in a local
 * minimum: a trace from which no single command can go, although a pair or a block could, or a
 * smaller network would do. This pass starts where it stopped and works on the plain event list:
 * it removes blocks of halving size, then single events, lowers each event's parameters with
 * fast-check's own shrinkers for that event, and lowers the network's knobs; it repeats until a
 * whole round changes nothing. A candidate counts only if the same property still breaks first.
 */
export interface ShrinkTarget {
  readonly algorithm: AllocationAlgorithm;
  readonly base: Config;
  /** Null when the run used the preset's network as it is. */
  readonly knobs: SwarmKnobs | null;
  readonly ranges: SwarmRanges;
  /** How every candidate run begins; its settle phase is that of the candidate's own network, and is never shrunk. */
  readonly start: Start;
  readonly events: readonly Event[];
  readonly failure: PropertyFailure;
  /** How candidates step: `check`'s, which throws `TimeUp` at its time limit, and the shrinking then stops with what it has. */
  readonly stepper?: Stepper;
}

export interface Shrunk {
  readonly knobs: SwarmKnobs | null;
  readonly config: Config;
  readonly settleTicks: number;
  readonly events: readonly Event[];
  readonly failure: PropertyFailure;
  readonly attempts: number;
  readonly limitReached: boolean;
}

/** Replays `shrinkHarder` may spend; each is one fold of `step` over a short trace. */
export const shrinkAttemptsMax = 20_000;

/** Candidates fast-check's shrinker offers for one value, at most this many per value and round. */
const candidatesPerValue = 24;

export function shrinkHarder(target: ShrinkTarget, properties: readonly Property[], onAttempt?: () => void): Shrunk {
  let best = { knobs: target.knobs, events: target.events, failure: target.failure };
  let attempts = 0;
  const configOf = (knobs: SwarmKnobs | null) => (knobs === null ? target.base : swarmConfig(target.base, knobs));

  /** Whether the candidate still breaks the same property first; if so it becomes the best. */
  let timeUp = false;
  const accept = (knobs: SwarmKnobs | null, events: readonly Event[]): boolean => {
    if (attempts >= shrinkAttemptsMax || timeUp) return false;
    attempts++;
    onAttempt?.();
    const system = { config: configOf(knobs), algorithm: target.algorithm };
    const drive = (run: Run) => {
      for (const event of events) advance(run, event);
    };
    let played: Played;
    try {
      played = play(system, properties, settleTicksFor(target.start, system), drive, target.stepper);
    } catch (error) {
      if (!(error instanceof TimeUp)) throw error;
      timeUp = true;
      return false;
    }
    const { events: applied, failure } = played;
    if (failure?.property.name !== best.failure.property.name || applied.length > best.events.length) return false;
    if (applied.length === best.events.length && knobs === best.knobs && sameEvents(applied, best.events)) return false;
    best = { knobs, events: applied, failure };
    return true;
  };

  let changed = true;
  while (changed && attempts < shrinkAttemptsMax && !timeUp) {
    changed = canonicalUsers(
      configOf(best.knobs),
      () => best.events,
      (events) => accept(best.knobs, events),
    );
    changed =
      removeBlocks(
        () => best.events,
        (events) => accept(best.knobs, events),
      ) || changed;
    changed =
      lowerEvents(
        () => best.events,
        (events) => accept(best.knobs, events),
      ) || changed;
    if (best.knobs !== null) changed = lowerKnobs(best.knobs, target.ranges, (knobs) => accept(knobs, best.events)) || changed;
  }
  const config = configOf(best.knobs);
  const settleTicks = settleTicksFor(target.start, { config, algorithm: target.algorithm });
  return { ...best, config, settleTicks, attempts, limitReached: attempts >= shrinkAttemptsMax || timeUp };
}

function sameEvents(a: readonly Event[], b: readonly Event[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Events address a user by an ordinal taken modulo the number of users, so `logout(u32)` among three
 * users is `logout(u2)`: the smallest ordinal naming the same user, which fast-check's integer
 * shrinker may never propose (it halves towards 0 and names other users on the way).
 */
function canonicalUsers(config: Config, current: () => readonly Event[], accept: (events: readonly Event[]) => boolean): boolean {
  const users = config.nodes.filter((n) => n.kind === 'user').length;
  const events = current();
  const canonical = events.map((e) => ('user' in e && users > 0 ? { ...e, user: ((e.user % users) + users) % users } : e));
  return canonical.some((e, i) => e !== events[i] && JSON.stringify(e) !== JSON.stringify(events[i])) && accept(canonical);
}

/** Removes blocks of size n/2, n/4, … 1 wherever the failure survives; true if any went. */
function removeBlocks(current: () => readonly Event[], accept: (events: readonly Event[]) => boolean): boolean {
  let changed = false;
  for (let size = Math.max(1, Math.floor(current().length / 2)); size >= 1; size = Math.floor(size / 2)) {
    for (let start = current().length - size; start >= 0; start--) {
      const events = current();
      if (start + size > events.length) continue;
      if (accept([...events.slice(0, start), ...events.slice(start + size)])) changed = true;
    }
  }
  return changed;
}

function shrinkCandidates<T>(arbitrary: fc.Arbitrary<T>, value: T): T[] {
  if (!arbitrary.canShrinkWithoutContext(value)) return [];
  return [...arbitrary.shrink(value, undefined).take(candidatesPerValue)].map((v) => v.value);
}

/** Replaces each event by a smaller one of the same kind, as fast-check's arbitrary for it shrinks it. */
function lowerEvents(current: () => readonly Event[], accept: (events: readonly Event[]) => boolean): boolean {
  let changed = false;
  for (let i = 0; i < current().length; i++) {
    const event = current()[i] as Event;
    if (event.kind === 'quiet') continue;
    const arbitrary = eventArbitraries[event.kind as GeneratedKind] as fc.Arbitrary<Event>;
    for (const smaller of shrinkCandidates(arbitrary, event)) {
      const events = current();
      if (accept([...events.slice(0, i), smaller, ...events.slice(i + 1)])) {
        changed = true;
        break;
      }
    }
  }
  return changed;
}

/** A smaller network: fewer users, less capacity, slower logins, as the knobs' arbitrary shrinks them. */
function lowerKnobs(knobs: SwarmKnobs, ranges: SwarmRanges, accept: (knobs: SwarmKnobs) => boolean): boolean {
  for (const smaller of shrinkCandidates(knobsArbitrary(ranges), knobs)) {
    if (accept(smaller)) return true;
  }
  return false;
}
