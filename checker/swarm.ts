import fc from 'fast-check';
import type { Config, NodeSpec } from '../model/index.ts';

/**
 * Swarm testing (Groce et al., ISSTA 2012; TigerBeetle's `options_swarm`): every run draws its own
 * network from the preset's ranges, so one suite covers many shapes of network instead of one. The
 * knobs are plain integers in an `fc.record`, so they shrink towards the smallest, simplest network,
 * and a counterexample can be stored as knobs and rebuilt exactly.
 */
export interface SwarmKnobs {
  readonly users: number;
  /** Percentage of users with a public address, spread evenly over the users. */
  readonly publicPercent: number;
  /** Slots per capacity class; users cycle through classes 1, 2, 3. */
  readonly capacityUnit: number;
  /** Percentage of users that have been up long enough, with long history, at tick 0. */
  readonly longLivedPercent: number;
  readonly loginRate: number;
  readonly bootTicks: number;
}

/** The ranges a preset allows, derived from its own network: never larger than the preset itself. */
export interface SwarmRanges {
  readonly usersMax: number;
  readonly capacityUnitMax: number;
  readonly loginRateMax: number;
  readonly bootTicksMax: number;
}

export function rangesOf(config: Config): SwarmRanges {
  const users = config.nodes.filter((n) => n.kind === 'user');
  return {
    usersMax: Math.max(2, users.length),
    capacityUnitMax: Math.max(1, Math.ceil(Math.max(...users.map((n) => n.capacity)) / 2)),
    loginRateMax: Math.max(1, config.loginRate),
    bootTicksMax: Math.max(1, config.bootTicks),
  };
}

export function knobsArbitrary(ranges: SwarmRanges): fc.Arbitrary<SwarmKnobs> {
  return fc.record({
    users: fc.integer({ min: 2, max: ranges.usersMax }),
    publicPercent: fc.integer({ min: 0, max: 100 }),
    capacityUnit: fc.integer({ min: 1, max: ranges.capacityUnitMax }),
    longLivedPercent: fc.integer({ min: 0, max: 100 }),
    loginRate: fc.integer({ min: 1, max: ranges.loginRateMax }),
    bootTicks: fc.integer({ min: 1, max: ranges.bootTicksMax }),
  });
}

/** Whether the `k`-th of `count` items is among an evenly spread `percent` of them. */
function spread(k: number, percent: number): boolean {
  return Math.floor(((k + 1) * percent) / 100) > Math.floor((k * percent) / 100);
}

/**
 * The network of one swarm run: the preset's operator nodes and timing, with users built from the
 * knobs. Deterministic, so a stored counterexample's knobs rebuild exactly the same config.
 */
export function swarmConfig(base: Config, knobs: SwarmKnobs): Config {
  const users: NodeSpec[] = Array.from({ length: knobs.users }, (_, k) => {
    const longLived = spread(k, knobs.longLivedPercent);
    return {
      kind: 'user',
      isPublic: spread(k, knobs.publicPercent),
      capacity: knobs.capacityUnit * (1 + (k % 3)),
      uptimeInitial: longLived ? base.uptimeMin : k % base.uptimeMin,
      historyInitial: longLived ? base.historyMin : 0,
      wantsOnlineInitial: true,
    };
  });
  return {
    ...base,
    name: `${base.name}~swarm`,
    nodes: [...base.nodes.filter((n) => n.kind === 'bootstrap'), ...users, ...base.nodes.filter((n) => n.kind === 'mega')],
    loginRate: knobs.loginRate,
    bootTicks: knobs.bootTicks,
  };
}
