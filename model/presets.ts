import type { Config, NodeSpec } from './config.ts';
import type { Event } from './events.ts';

/** A named network, with an optional scripted history that replays an outage at small scale. */
export interface Preset {
  readonly config: Config;
  readonly description: string;
  /** Events that reproduce a documented incident; empty for presets made for search. */
  readonly scenario: readonly Event[];
}

/** How many nodes of each kind, and the shape of the user population. */
interface Population {
  readonly bootstraps: number;
  readonly bootstrapCapacity: number;
  /** Users as `[isPublic, capacity, uptimeInitial, historyInitial]`, all wanting to be online. */
  readonly users: readonly (readonly [boolean, number, number, number])[];
  readonly megaSlots: number;
  readonly megaCapacity: number;
}

function populate(p: Population): NodeSpec[] {
  const operator = (kind: 'bootstrap' | 'mega', capacity: number): NodeSpec => ({
    kind,
    isPublic: true,
    capacity,
    uptimeInitial: 0,
    historyInitial: 0,
    wantsOnlineInitial: kind === 'bootstrap',
  });
  return [
    ...Array.from({ length: p.bootstraps }, () => operator('bootstrap', p.bootstrapCapacity)),
    ...p.users.map(([isPublic, capacity, uptimeInitial, historyInitial]) => ({
      kind: 'user' as const,
      isPublic,
      capacity,
      uptimeInitial,
      historyInitial,
      wantsOnlineInitial: true,
    })),
    ...Array.from({ length: p.megaSlots }, () => operator('mega', p.megaCapacity)),
  ];
}

/** `count` users cycling through `pattern`: a compact way to write a population with a given mix. */
function cycle<T>(count: number, pattern: readonly T[]): T[] {
  return Array.from({ length: count }, (_, k) => pattern[k % pattern.length] as T);
}

const P = true; // public address
const N = false; // behind NAT

const tiny: Preset = {
  description:
    'Five nodes: one bootstrap and four users, two of them public. Small enough to explore deeply; each seeded bug shows within a few events.',
  scenario: [],
  config: {
    name: 'tiny',
    nodes: populate({
      bootstraps: 1,
      bootstrapCapacity: 1,
      users: [
        [P, 2, 2, 2],
        [N, 1, 2, 0],
        [P, 2, 0, 0],
        [N, 1, 0, 0],
      ],
      megaSlots: 0,
      megaCapacity: 0,
    }),
    hostCacheMax: 2,
    uptimeMin: 2,
    historyMin: 2,
    bootTicks: 1,
    restartTicks: 1,
    warmupTicks: 1,
    loginRate: 1,
    loginTimeoutTicks: 4,
    backoffBaseTicks: 1,
    backoffCapTicks: 4,
    shedHighPercent: 150,
    probeCostPercent: 25,
    joinCostPercent: 50,
    targetRatio: 2,
    seed: 1,
  },
};

/**
 * `tiny` cut to its first two users: the one preset whose whole reachable space `explore` visits
 * within its default minute, every random choice included, so its verdicts are proofs of the
 * configuration. `tiny` itself is out of that reach: three of its users already make more than four
 * million states by depth 13 with one safety property (README, "What it costs").
 */
const pair: Preset = {
  description: 'Three nodes: one bootstrap and two users, one of them public. Small enough to explore to the fixpoint.',
  scenario: [],
  config: {
    ...tiny.config,
    name: 'pair',
    nodes: tiny.config.nodes.slice(0, 3),
  },
};

/**
 * The search preset of the suites. Its uptime criterion (60 ticks) is longer than its reconnection
 * bound (46), as in the record's networks: a promotion that waits for current uptime (B1) cannot
 * hide inside the bound, so random search finds it from nearly every seed.
 */
const small: Preset = {
  description: 'Twelve users, four of them public, one bootstrap and two mega slots.',
  scenario: [],
  config: {
    name: 'small',
    nodes: populate({
      bootstraps: 1,
      bootstrapCapacity: 2,
      users: cycle(12, [
        [P, 3, 20, 10],
        [N, 1, 20, 10],
        [N, 1, 5, 0],
      ] as const),
      megaSlots: 2,
      megaCapacity: 6,
    }),
    hostCacheMax: 3,
    uptimeMin: 60,
    historyMin: 6,
    bootTicks: 2,
    restartTicks: 2,
    warmupTicks: 2,
    loginRate: 2,
    loginTimeoutTicks: 8,
    backoffBaseTicks: 1,
    backoffCapTicks: 4,
    shedHighPercent: 150,
    probeCostPercent: 25,
    joinCostPercent: 50,
    targetRatio: 3,
    seed: 7,
  },
};

const defaultPreset: Preset = {
  description: 'Thirty users, a third of them public with mixed capacity, two bootstraps and four mega slots.',
  scenario: [],
  config: {
    name: 'default',
    nodes: populate({
      bootstraps: 2,
      bootstrapCapacity: 2,
      users: cycle(30, [
        [P, 4, 40, 20],
        [N, 1, 40, 20],
        [N, 1, 8, 3],
        [P, 2, 8, 20],
        [N, 1, 40, 0],
        [N, 1, 2, 0],
      ] as const),
      megaSlots: 4,
      megaCapacity: 8,
    }),
    hostCacheMax: 4,
    uptimeMin: 30,
    historyMin: 12,
    bootTicks: 3,
    restartTicks: 2,
    warmupTicks: 3,
    loginRate: 3,
    loginTimeoutTicks: 12,
    backoffBaseTicks: 1,
    backoffCapTicks: 8,
    shedHighPercent: 150,
    probeCostPercent: 25,
    joinCostPercent: 50,
    targetRatio: 3,
    seed: 2007,
  },
};

function ticks(count: number): Event[] {
  return Array.from({ length: count }, () => ({ kind: 'tick' }) as const);
}

/** The default network with its public users' capacity doubled: a core with room to spare on a normal day. */
const wellProvisioned: readonly NodeSpec[] = defaultPreset.config.nodes.map((spec) =>
  spec.kind === 'user' && spec.isPublic ? { ...spec, capacity: spec.capacity * 2 } : spec,
);

/**
 * August 2007 at small scale. Skype said there was "nothing different about this set of Microsoft
 * patches" ([D]): the storm is a routine one, 30% of the machines over 8 ticks, not aimed at
 * supernodes, which the healing reference rides out above 60% of its users online. What was
 * different was "the day's traffic patterns, combined with the large number of reboots" ([D]): the
 * storm comes on a day of twice the traffic per client ([H]: the size). The core has room to
 * spare on a normal day (capacities 8 and 4 for the public users, [H]), so either alone is
 * harmless. Reconnecting is expensive here: answering a probe costs as much as serving a child for a
 * tick, admitting one half as much again ([D] 2007: signalling about 3×, contacted peers about 10×, Rossi et
 * al.; the costs are [H]). A client restart after a self-protective shutdown takes 8 ticks and the
 * supernode 5 more to warm up ([D] "takes some time"; the numbers are [H]), and the uptime criterion
 * (60 ticks) is long beside the storm, which is what exposes an uptime-gated promotion (B1, [H]).
 *
 * The seed is chosen, as a calibration ([H]): over seeds 1–60, the storm alone never costs healing
 * 40% of its users, and skype-2007 under the scenario breaks an outcome in 58 (relapses in 53), but
 * four mega supernodes after 60 ticks heal it within the bound in only 14. Seed 40 is one of those
 * 14 whose curve is most like the record's: a collapse to 7% after the storm, half back by tick 26,
 * a relapse to 7% (measured 2026-12-03, after the host-cache refresh changed every run's draws).
 */
const patchTuesday2007: Preset = {
  description: 'A routine patch storm (30% of machines over 8 ticks) on a day of doubled traffic per client (August 2007).',
  scenario: [
    { kind: 'usageSpike', percent: 200 },
    { kind: 'patchStorm', percent: 30, windowTicks: 8, biasSupernodes: false, offset: 0 },
    ...ticks(8),
    { kind: 'quiet' },
    ...ticks(300),
  ],
  config: {
    ...defaultPreset.config,
    name: 'patch-tuesday-2007',
    nodes: wellProvisioned,
    uptimeMin: 60,
    restartTicks: 8,
    warmupTicks: 5,
    probeCostPercent: 100,
    joinCostPercent: 150,
    seed: 40,
  },
};

/**
 * December 2010 at small scale: a settled network, then a client crash takes down 30% of the user
 * supernodes ([D] 25–30%) on a normal day; the load that follows is the restart and reconnect
 * traffic alone ([D] "about 100× the normal level"): a probe costs a supernode as much as a child's
 * traffic for a tick, an admission the same ([H]). The operator deploys mega supernodes six ticks
 * later ([D]; the delay is [H]), then quiet.
 *
 * The seed is chosen ([H]), and the story is a rare one: over seeds 1–20, skype-2010 settles from a
 * cold start in only 11 (its shutdown protection trips on the log-in flood in the other 9), and of
 * those the crash breaks an outcome in 3 (bounded reconnection in seed 4, a relapse in 10 and 18);
 * healing holds in all 20 (measured 2026-12-03).
 */
const clientCrash2010: Preset = {
  description:
    'A client crash takes down 30% of the supernodes on a normal day; mega supernodes are deployed six ticks later (December 2010).',
  scenario: [{ kind: 'crash', supernodes: [0, 3, 6] }, ...ticks(6), { kind: 'addMega', count: 4 }, { kind: 'quiet' }, ...ticks(120)],
  config: { ...defaultPreset.config, name: 'client-crash-2010', probeCostPercent: 100, joinCostPercent: 100, seed: 4 },
};

export const presets: Readonly<Record<string, Preset>> = {
  tiny,
  pair,
  small,
  default: defaultPreset,
  'patch-tuesday-2007': patchTuesday2007,
  'client-crash-2010': clientCrash2010,
};

export function presetNamed(name: string): Preset | undefined {
  return Object.hasOwn(presets, name) ? presets[name] : undefined;
}
