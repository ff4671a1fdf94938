import fc from 'fast-check';
import type { Event, EventKind } from '../model/index.ts';

/**
 * One arbitrary per disruptive event kind, each an `fc.record` (so fast-check can shrink a stored
 * event without its generation context). Users and supernodes are ordinals that the model takes
 * modulo the current population, so any value is valid in any state. `quiet` is not generated:
 * every run appends its own quiet phase.
 */
export type GeneratedKind = Exclude<EventKind, 'quiet'>;

const ordinal = fc.nat({ max: 63 });

export const eventArbitraries: { readonly [K in GeneratedKind]: fc.Arbitrary<Extract<Event, { kind: K }>> } = {
  tick: fc.record({ kind: fc.constant('tick') }),
  reboot: fc.record({ kind: fc.constant('reboot'), user: ordinal }),
  patchStorm: fc.record({
    kind: fc.constant('patchStorm'),
    percent: fc.integer({ min: 1, max: 100 }),
    windowTicks: fc.integer({ min: 1, max: 8 }),
    biasSupernodes: fc.boolean(),
    offset: ordinal,
  }),
  crash: fc.record({ kind: fc.constant('crash'), supernodes: fc.uniqueArray(fc.nat({ max: 15 }), { minLength: 1, maxLength: 4 }) }),
  login: fc.record({ kind: fc.constant('login'), user: ordinal }),
  logout: fc.record({ kind: fc.constant('logout'), user: ordinal }),
  usageSpike: fc.record({ kind: fc.constant('usageSpike'), percent: fc.integer({ min: 100, max: 400 }) }),
  addMega: fc.record({ kind: fc.constant('addMega'), count: fc.integer({ min: 1, max: 4 }) }),
};

export const generatedKinds = Object.keys(eventArbitraries) as GeneratedKind[];

/** How often each kind is drawn in one run; 0 leaves the kind out of that run altogether. */
export type KindWeights = { readonly [K in GeneratedKind]: number };

/** Uniform choice over all kinds every step, the baseline swarm testing is measured against. */
export const uniformWeights: KindWeights = Object.fromEntries(generatedKinds.map((k) => [k, 1])) as KindWeights;

/**
 * Per-run weights. Ticks always happen (time must pass for anything to heal or break); every other
 * kind is switched off in about a third of runs and otherwise weighted 1–8, so that some runs are
 * long reboot storms and others login floods.
 */
export const weightsArbitrary: fc.Arbitrary<KindWeights> = fc.record({
  tick: fc.integer({ min: 2, max: 12 }),
  ...(Object.fromEntries(
    generatedKinds
      .filter((k) => k !== 'tick')
      .map((k) => [k, fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 2 })]),
  ) as { readonly [K in Exclude<GeneratedKind, 'tick'>]: fc.Arbitrary<number> }),
});

/** One event drawn with the given weights. */
export function weightedEvent(weights: KindWeights): fc.Arbitrary<Event> {
  const choices = generatedKinds
    .filter((k) => weights[k] > 0)
    .map((k) => ({ arbitrary: eventArbitraries[k] as fc.Arbitrary<Event>, weight: weights[k] }));
  return fc.oneof(...choices);
}
