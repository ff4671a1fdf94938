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
  description: 'Five nodes: one bootstrap and four users, two of them public. Small enough to explore exhaustively.',
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
    targetRatio: 2,
    seed: 1,
  },
};

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
    uptimeMin: 30,
    historyMin: 6,
    bootTicks: 2,
    restartTicks: 2,
    warmupTicks: 2,
    loginRate: 2,
    loginTimeoutTicks: 8,
    backoffBaseTicks: 1,
    backoffCapTicks: 4,
    shedHighPercent: 150,
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
    targetRatio: 3,
    seed: 2007,
  },
};

function ticks(count: number): Event[] {
  return Array.from({ length: count }, () => ({ kind: 'tick' }) as const);
}

/**
 * August 2007 at small scale: a settled network, then a patch storm that reboots most machines
 * within a few ticks, supernodes first ([D] "massive restart … within a very short timeframe"; the
 * supernode bias is [H]), while the restarts double the traffic per client ([D] "a flood of log-in
 * requests", "the day's traffic patterns"; doubling is [H]), then quiet. A client restart after a
 * self-protective shutdown takes 8 ticks and the supernode 5 more to warm up ([D] "takes some time";
 * the numbers are [H]), long enough for shutdowns to feed on each other.
 * The uptime criterion is long compared with the storm, which is what exposes an uptime-gated
 * promotion (B1, [H]).
 */
const patchTuesday2007: Preset = {
  description: 'A patch storm reboots 70% of machines, supernodes first, and the flood of log-ins doubles traffic (August 2007).',
  scenario: [
    ...ticks(40),
    { kind: 'patchStorm', percent: 70, windowTicks: 4, biasSupernodes: true, offset: 0 },
    ...ticks(4),
    { kind: 'usageSpike', percent: 200 },
    { kind: 'quiet' },
    ...ticks(120),
  ],
  config: { ...defaultPreset.config, name: 'patch-tuesday-2007', uptimeMin: 60, restartTicks: 8, warmupTicks: 5, seed: 816 },
};

/**
 * December 2010 at small scale: a settled network, then a client crash takes down 30% of the
 * supernodes ([D] 25–30%) while restarting clients raise traffic ([D] about 100× normal, scaled
 * here to 3×); the operator deploys mega supernodes ([D]), then quiet.
 */
const clientCrash2010: Preset = {
  description: 'A crash takes down 30% of the supernodes under tripled traffic; mega supernodes are deployed (December 2010).',
  scenario: [
    ...ticks(40),
    { kind: 'crash', supernodes: [0, 3, 6] },
    { kind: 'usageSpike', percent: 300 },
    ...ticks(6),
    { kind: 'addMega', count: 4 },
    { kind: 'quiet' },
    ...ticks(120),
  ],
  config: { ...defaultPreset.config, name: 'client-crash-2010', seed: 1222 },
};

export const presets: Readonly<Record<string, Preset>> = {
  tiny,
  small,
  default: defaultPreset,
  'patch-tuesday-2007': patchTuesday2007,
  'client-crash-2010': clientCrash2010,
};

export function presetNamed(name: string): Preset | undefined {
  return Object.hasOwn(presets, name) ? presets[name] : undefined;
}
