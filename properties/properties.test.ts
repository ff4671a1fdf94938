// Every property in the registry can both pass and fail: each holds on a valid state of the tiny
// network and reports the exact violation for a hand-made state that breaks it and no other (or,
// where two properties overlap by design, names both), healing bounds are shown to matter to the
// tick, and the registry's names, bounds and lookups are well formed.
import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/healing.ts';
import { builtIns } from '../algorithms/index.ts';
import { type Config, type Event, initialState, type NodeIndex, nodeIndex, presets, type State, step } from '../model/index.ts';
import { awaiting, booting, connecting, ordinary, supernode, withNode } from '../model/testing.ts';
import { reconnectionBound, supplyBound } from './bounds.ts';
import { saturatingAttempt } from './lints.ts';
import type { Observation, Property } from './property.ts';
import { defaultProperties, firstViolation, outcomeProperties, properties, propertyNamed, selectProperties } from './registry.ts';

// The tiny preset: bootstrap B (capacity 1); U1 public, capacity 2, history saturated; U2 behind NAT;
// U3 public, capacity 2, new; U4 behind NAT, new.
const config: Config =
  presets.tiny?.config ??
  (() => {
    throw new Error('the tiny preset is missing');
  })();
const [B, U1, U2, U3, U4] = [0, 1, 2, 3, 4].map(nodeIndex) as [NodeIndex, NodeIndex, NodeIndex, NodeIndex, NodeIndex];
const system = { config, algorithm: healing };
const tick: Event = { kind: 'tick' };

function run(state: State, events: readonly Event[]): State {
  return events.reduce((s, e) => step(system, s, e), state);
}

function ticks(count: number): Event[] {
  return Array.from({ length: count }, () => tick);
}

/** The same state with the quiet phase `elapsed` ticks old (negative: it starts later). */
function quietFor(state: State, elapsed: number): State {
  return { ...state, tick: state.quietSince + elapsed };
}

function observe(after: State, c: Config = config): Observation {
  return { config: c, before: null, event: null, after };
}

function check(property: Property, after: State, c: Config = config) {
  return property.check(observe(after, c));
}

/** The names of every registered property this observation violates. */
function violated(observation: Observation): string[] {
  return properties.filter((p) => p.check(observation) !== null).map((p) => p.name);
}

function named(name: string): Property {
  const found = propertyNamed(name);
  if (found === undefined) throw new Error(`property ${name} is not registered`);
  return found;
}

const initial = initialState(config, healing);
// Twelve ticks settle tiny: B serves U1, U3 (promoted) serves U2 and U4; everyone wanted is online.
const settled = run(initial, ticks(12));
// The quiet phase begins on the settled network at tick 12; the next tick observes its online peak, 4
// (the peak is observed at tick boundaries only, so the quiet event alone leaves it at 0).
const calm = run(settled, [{ kind: 'quiet' }, tick]);
// A 400% usage spike leaves every supernode with no effective slot: the optimum is the two public
// users serving as supernodes themselves, fewer than the four who want to be online.
const spiked = run(settled, [{ kind: 'usageSpike', percent: 400 }, { kind: 'quiet' }, ...ticks(5)]);
/** `state` with U1 made a connecting orphan: B forgets it, so the links stay consistent. */
const strandU1 = (state: State) => withNode(withNode(state, B, { role: supernode([]) }), U1, { role: connecting });

describe('the base states', () => {
  it('are the settled network the tests edit, and violate nothing', () => {
    expect(settled.nodes.map((n) => n.role)).toEqual([supernode([U1]), ordinary(B), ordinary(U3), supernode([U2, U4]), ordinary(U3)]);
    expect([calm.quietSince, calm.tick, calm.onlinePeakSinceQuiet]).toEqual([12, 13, 4]);
    expect(spiked.nodes.map((n) => n.role.kind)).toEqual(['supernode', 'supernode', 'connecting', 'supernode', 'connecting']);
    for (const state of [initial, settled, calm, quietFor(calm, 100), spiked, quietFor(spiked, 100)]) {
      expect(violated(observe(state))).toEqual([]);
    }
  });
});

describe('contract', () => {
  const p = named('contract');
  it('reports the first refused decision', () => {
    expect(check(p, settled)).toBeNull();
    const broken = {
      ...settled,
      violation: { rule: 'retry-delay-out-of-range', message: 'healing.retryDelay for node 2: 0 is out of range', tick: 7, nodes: [U2] },
    };
    expect(check(p, broken)).toEqual({
      message: 'retry-delay-out-of-range at tick 7: healing.retryDelay for node 2: 0 is out of range',
      nodes: [U2],
    });
    expect(violated(observe(broken))).toEqual(['contract']);
  });
});

describe('parent-child', () => {
  const p = named('parent-child');
  it('catches a child whose parent does not list it, and a queue out of step', () => {
    expect(check(p, settled)).toBeNull();
    const misparented = withNode(settled, U2, { role: ordinary(B) });
    expect(check(p, misparented)).toEqual({ message: 'node 2 is ordinary under 0, which does not list it as a child', nodes: [U2, B] });
    expect(violated(observe(misparented))).toEqual(['parent-child']);
    const queued = { ...settled, loginQueue: [U1] };
    expect(check(p, queued)).toEqual({ message: 'node 1 is in the login queue but not awaiting login', nodes: [U1] });
  });
});

describe('capacity', () => {
  const p = named('capacity');
  it('catches a supernode holding more children than its slots', () => {
    expect(check(p, settled)).toBeNull();
    // U2 moves from U3 to B, whose one slot U1 already fills; the links stay consistent.
    const moved = withNode(withNode(withNode(settled, B, { role: supernode([U1, U2]) }), U3, { role: supernode([U4]) }), U2, {
      role: ordinary(B),
    });
    expect(check(p, moved)).toEqual({ message: 'supernode 0 holds 2 children in 1 slots', nodes: [B] });
    expect(violated(observe(moved))).toEqual(['capacity']);
  });
});

describe('roles', () => {
  const p = named('roles');
  it('catches a timer out of range and a bootstrap node that is not a supernode', () => {
    expect(check(p, settled)).toBeNull();
    const waiting = (roleTicks: number): State => ({ ...withNode(settled, U1, awaiting(B, roleTicks)), loginQueue: [U1] });
    expect(check(p, waiting(config.loginTimeoutTicks))).toBeNull();
    const late = waiting(config.loginTimeoutTicks + 1);
    expect(check(p, late)).toEqual({ message: 'node 1 is awaitingLogin with role timer 5 outside 1..4', nodes: [U1] });
    expect(violated(observe(late))).toEqual(['roles']);
    // A role without a timer keeps its timer at 0.
    expect(check(p, withNode(settled, U2, { roleTicks: 1 }))).toEqual({
      message: 'node 2 is ordinary with role timer 1 outside 0..0',
      nodes: [U2],
    });
    expect(check(p, withNode(initial, B, { role: { kind: 'offline' } }))).toEqual({ message: 'bootstrap node 0 is offline', nodes: [B] });
  });
});

describe('eligibility', () => {
  const p = named('eligibility');
  it('catches a user supernode below the promotion criterion', () => {
    expect(check(p, settled)).toBeNull();
    const green = withNode(settled, U3, { uptime: 0, history: 0 });
    expect(check(p, green)).toEqual({ message: 'supernode 3 has uptime 0 and history 0, below the criterion', nodes: [U3] });
    expect(violated(observe(green))).toEqual(['eligibility']);
  });
});

describe('capacity-accounting', () => {
  const p = named('capacity-accounting');
  it('catches ghost capacity in the belief', () => {
    expect(check(p, settled)).toBeNull();
    const ghost = { ...settled, belief: { supernodes: 3, freeSlots: 1 } };
    expect(check(p, ghost)).toEqual({
      message: 'the algorithm believes in 3 supernodes with 1 free slots; there are 2 with 0',
      nodes: [],
    });
    expect(violated(observe(ghost))).toEqual(['capacity-accounting']);
  });
});

describe('host-cache', () => {
  const p = named('host-cache');
  it('catches a cache that is too long, names its own node, or repeats an entry', () => {
    expect(check(p, settled)).toBeNull();
    expect(check(p, withNode(settled, U1, { hostCache: [B, U3, U2] }))).toEqual({ message: 'node 1 caches 3 entries', nodes: [U1] });
    expect(check(p, withNode(settled, U1, { hostCache: [U1] }))).toEqual({ message: 'node 1 caches itself', nodes: [U1] });
    const twice = withNode(settled, U1, { hostCache: [B, B] });
    expect(check(p, twice)).toEqual({ message: 'node 1 caches an entry twice', nodes: [U1] });
    expect(violated(observe(twice))).toEqual(['host-cache']);
  });
});

describe('login-rate', () => {
  const p = named('login-rate');
  it('allows loginRate log-ins in a tick and catches one more', () => {
    const logins = (n: number): State => ({ ...settled, lastTick: { ...settled.lastTick, logins: n } });
    expect(check(p, logins(config.loginRate))).toBeNull();
    expect(check(p, logins(config.loginRate + 1))).toEqual({ message: '2 log-ins in one tick, more than loginRate 1', nodes: [] });
    expect(violated(observe(logins(2)))).toEqual(['login-rate']);
  });
});

describe('retry-discipline', () => {
  const p = named('retry-discipline');
  it('catches more probes than users and a retry beyond the backoff cap', () => {
    const probes = (n: number): State => ({ ...settled, lastTick: { ...settled.lastTick, probes: n } });
    expect(check(p, probes(4))).toBeNull();
    expect(check(p, probes(5))).toEqual({ message: '5 probes in one tick, more than one per node', nodes: [] });
    expect(check(p, withNode(strandU1(settled), U1, { retryTicks: config.backoffCapTicks }))).toBeNull();
    const late = withNode(strandU1(settled), U1, { retryTicks: config.backoffCapTicks + 1 });
    expect(check(p, late)).toEqual({ message: 'node 1 is connecting and next tries in 5 ticks', nodes: [U1] });
    expect(violated(observe(late))).toEqual(['retry-discipline']);
    // Only a connecting node has a retry pending.
    expect(check(p, withNode(settled, U1, { retryTicks: 1 }))).toEqual({
      message: 'node 1 is ordinary and next tries in 1 ticks',
      nodes: [U1],
    });
  });
});

describe('conservation', () => {
  const p = named('conservation');
  it('catches a client online that its user does not want online', () => {
    expect(check(p, settled)).toBeNull();
    const unwanted = withNode(settled, U1, { wantsOnline: false });
    expect(check(p, unwanted)).toEqual({ message: 'node 1 is ordinary although its user does not want it online', nodes: [U1] });
    expect(violated(observe(unwanted))).toEqual(['conservation']);
  });
});

describe('bounded-reconnection', () => {
  const p = named('bounded-reconnection');
  const bound = reconnectionBound.ticks(config);
  it('holds on the healed network, and catches a user still stranded at the bound, not before', () => {
    expect(bound).toBe(30);
    expect(check(p, quietFor(calm, bound))).toBeNull();
    expect(check(p, quietFor(strandU1(calm), bound - 1))).toBeNull();
    const stranded = quietFor(strandU1(calm), bound);
    expect(check(p, stranded)).toEqual({ message: '1 of 4 users not online after 30 quiet ticks: 1', nodes: [U1] });
    // L1 is L6 on a network whose machines suffice, so a stranded user there breaks both.
    expect(violated(observe(stranded))).toEqual(['bounded-reconnection', 'matches-optimal']);
  });
  it('says nothing when the machines do not suffice for everyone', () => {
    expect(check(p, quietFor(strandU1(spiked), bound))).toBeNull();
  });
  it('fails without matches-optimal only where conservation fails too: L1 is implied by L6 and S9', () => {
    const alone = withNode(quietFor(strandU1(calm), bound), U2, { wantsOnline: false });
    expect(check(p, alone)).toEqual({ message: '1 of 3 users not online after 30 quiet ticks: 1', nodes: [U1] });
    expect(violated(observe(alone))).toEqual(['conservation', 'bounded-reconnection']);
  });
});

describe('supernode-supply', () => {
  const p = named('supernode-supply');
  const bound = supplyBound.ticks(config);
  // A cold start whose quiet phase began at tick 0: only B is a supernode, though U1 is eligible by history.
  const cold: State = { ...initial, quietSince: 0 };
  it('holds on the healed network, and catches a missing supernode at the bound, not before', () => {
    expect(bound).toBe(9);
    expect(check(p, quietFor(calm, bound))).toBeNull();
    expect(check(p, quietFor(cold, bound - 1))).toBeNull();
    expect(check(p, quietFor(cold, bound))).toEqual({ message: '1 supernodes after 9 quiet ticks; 2 wanted', nodes: [] });
    expect(violated(observe(quietFor(cold, bound)))).toEqual(['supernode-supply']);
  });
});

describe('no-relapse', () => {
  const p = named('no-relapse');
  // U3 drops both its children: two of the four online users are lost, below 80% of the optimum.
  const relapsed = withNode(withNode(withNode(calm, U3, { role: supernode([]) }), U2, { role: connecting }), U4, { role: connecting });
  it('holds from quiet, tolerates a dip to 80%, and catches a fall below it', () => {
    expect(check(p, calm)).toBeNull();
    expect(check(p, withNode(withNode(calm, U3, { role: supernode([U2]) }), U4, { role: connecting }))).toBeNull();
    expect(check(p, quietFor(relapsed, -1))).toBeNull();
    expect(check(p, { ...relapsed, quietSince: -1 })).toBeNull();
    expect(check(p, relapsed)).toEqual({ message: 'online fell to 2 after reaching 4; the optimum is 4', nodes: [] });
    expect(violated(observe(relapsed))).toEqual(['no-relapse']);
  });
  it('says nothing before the network has recovered to 90% of the optimum', () => {
    expect(check(p, { ...relapsed, onlinePeakSinceQuiet: 3 })).toBeNull();
  });
});

describe('retry-storm-subsides', () => {
  const p = named('retry-storm-subsides');
  const bound = reconnectionBound.ticks(config);
  // U3 (capacity 2, a limit of 300% of one child's traffic) serves two children and is asked for
  // 150 more by probes: 350, overloaded.
  const flooded = (s: State) => withNode(s, U3, { signalling: 150 });
  it('catches a supernode still overloaded at the bound, not before, and only where the machines suffice', () => {
    expect(check(p, quietFor(calm, bound))).toBeNull();
    expect(check(p, quietFor(flooded(calm), bound - 1))).toBeNull();
    expect(check(p, quietFor(flooded(calm), bound))).toEqual({
      message: 'supernode 3 is loaded to 175% of its capacity, past the 150% it can take, after 30 quiet ticks',
      nodes: [U3],
    });
    expect(violated(observe(quietFor(flooded(calm), bound)))).toEqual(['retry-storm-subsides']);
    expect(check(p, quietFor(flooded(strandU1(spiked)), bound))).toBeNull();
  });
  it('catches log-in attempts above the login server’s rate at the bound', () => {
    const queued = { ...quietFor(calm, bound), lastTick: { ...calm.lastTick, loginAttempts: config.loginRate + 1 } };
    expect(check(p, queued)).toEqual({ message: '2 log-in attempts in one tick after 30 quiet ticks, above loginRate 1', nodes: [] });
  });
});

describe('backoff-discipline (a lint)', () => {
  const p = named('backoff-discipline');
  // Tiny's cap of 4 gives it room: from the 3rd failure a client must wait at least 2 ticks. A cap of
  // 2 leaves no delay the contract allows (1..cap) below half the cap, so it cannot fail there.
  const narrow: Config = { ...config, backoffCapTicks: 2 };
  const attempts = saturatingAttempt(config);
  const hot = (attempt: number, retryDelay: number) => withNode(strandU1(calm), U1, { attempt, retryDelay, retryTicks: retryDelay });
  it('catches a client that keeps retrying fast after saturating failures, from quiet on', () => {
    expect(attempts).toBe(3);
    expect(check(p, calm)).toBeNull();
    expect(check(p, hot(attempts - 1, 1))).toBeNull();
    expect(check(p, hot(attempts, 2))).toBeNull();
    expect(check(p, quietFor(hot(attempts, 1), -1))).toBeNull();
    expect(check(p, hot(attempts, 1))).toEqual({ message: '1 nodes retry after fewer than 2 ticks despite 3+ failures: 1', nodes: [U1] });
    expect(violated(observe(hot(attempts, 1)))).toEqual(['backoff-discipline']);
  });
  it('cannot fail with a cap of 2, whose smallest legal delay is already half the cap', () => {
    expect(check(p, hot(99, 1), narrow)).toBeNull();
  });
});

describe('shedding-keeps-goodput', () => {
  const p = named('shedding-keeps-goodput');
  const during = (before: State, after: State, event: Event = tick): Observation => ({ config, before, event, after });
  // U3 (2 slots at normal usage) drops U2 and keeps only U4.
  const overShed = withNode(withNode(settled, U3, { role: supernode([U4]) }), U2, { role: connecting });
  const orphaned = (s: State) => withNode(withNode(s, U2, { role: connecting }), U4, { role: connecting });
  it('holds on a real tick and on shedding only the excess', () => {
    expect(p.check(during(settled, run(settled, [tick])))).toBeNull();
    const doubled = (s: State): State => ({ ...s, usagePercent: 200 });
    expect(p.check(during(doubled(settled), doubled(overShed)))).toBeNull();
  });
  it('catches shedding below capacity', () => {
    expect(p.check(during(settled, overShed))).toEqual({
      message: 'supernode 3 dropped 1 children and kept 1, below its 2 slots',
      nodes: [U3, U2],
    });
    expect(violated(during(settled, overShed))).toEqual(['shedding-keeps-goodput']);
  });
  it('leaves a shutdown or a demotion to the outcomes it costs (and to the no-self-shutdown lint)', () => {
    const down = orphaned(withNode(settled, U3, booting(config.restartTicks, false)));
    expect(p.check(during(settled, down))).toBeNull();
    expect(violated(during(settled, down))).toEqual(['no-self-shutdown']);
  });
  it('reads only ticks', () => {
    expect(p.check(during(settled, overShed, { kind: 'quiet' }))).toBeNull();
    expect(p.check(observe(overShed))).toBeNull();
  });
});

describe('no-self-shutdown (a lint)', () => {
  const p = named('no-self-shutdown');
  const during = (before: State, after: State): Observation => ({ config, before, event: tick, after });
  const orphaned = (s: State) => withNode(withNode(s, U2, { role: connecting }), U4, { role: connecting });
  it('catches a supernode shutting itself down, but not a scheduled reboot', () => {
    const down = orphaned(withNode(settled, U3, booting(config.restartTicks, false)));
    expect(p.check(during(settled, down))).toEqual({ message: 'supernode 3 shut itself down, dropping 2 children', nodes: [U3] });
    const rebooted = orphaned(withNode(settled, U3, booting(config.bootTicks)));
    expect(p.check(during(withNode(settled, U3, { rebootInTicks: 1 }), rebooted))).toBeNull();
  });
  it('catches a supernode demoted with all its children', () => {
    const overloaded = { ...settled, usagePercent: 200 };
    const demoted = orphaned(withNode(overloaded, U3, { role: connecting }));
    expect(p.check(during(overloaded, demoted))).toEqual({ message: 'supernode 3 was demoted, orphaning 2 children', nodes: [U3] });
  });
  it('is a lint: off in the default verdict', () => {
    expect(defaultProperties.map((q) => q.name)).not.toContain('no-self-shutdown');
  });
});

describe('matches-optimal', () => {
  const p = named('matches-optimal');
  const bound = reconnectionBound.ticks(config);
  it('holds when the optimum is reached, and catches a shortfall at the bound, not before', () => {
    expect(check(p, quietFor(spiked, bound))).toBeNull();
    expect(check(p, quietFor(strandU1(spiked), bound - 1))).toBeNull();
    const short = quietFor(strandU1(spiked), bound);
    expect(check(p, short)).toEqual({ message: '1 users online after 30 quiet ticks; a centralized allocator reaches 2', nodes: [] });
    // The machines seat only two of four users, so L1 is vacuous here and L6 alone speaks.
    expect(violated(observe(short))).toEqual(['matches-optimal']);
  });
});

describe('the registry', () => {
  it('names every property once, in the documented order, with a meaning and a reason', () => {
    const names = properties.map((p) => p.name);
    expect(names).toEqual([
      'contract',
      'parent-child',
      'capacity',
      'roles',
      'eligibility',
      'capacity-accounting',
      'host-cache',
      'login-rate',
      'retry-discipline',
      'conservation',
      'settles',
      'bounded-reconnection',
      'no-relapse',
      'retry-storm-subsides',
      'shedding-keeps-goodput',
      'matches-optimal',
      'supernode-supply',
      'backoff-discipline',
      'no-self-shutdown',
    ]);
    expect(outcomeProperties.map((p) => p.name)).toEqual([
      'settles',
      'bounded-reconnection',
      'no-relapse',
      'retry-storm-subsides',
      'shedding-keeps-goodput',
      'matches-optimal',
    ]);
    expect(new Set(names).size).toBe(names.length);
    for (const p of properties) {
      expect(p.meaning.trim(), p.name).not.toBe('');
      expect(p.why.trim(), p.name).not.toBe('');
    }
  });
  it('gives every healing property a bound that is a tick count on every preset', () => {
    for (const p of properties.filter((q) => q.kind === 'healing')) {
      expect(p.bound?.formula.trim(), p.name).toBeTruthy();
      for (const [name, preset] of Object.entries(presets)) {
        const ticks = p.bound?.ticks(preset.config) ?? -1;
        expect(Number.isInteger(ticks) && ticks >= 0, `${p.name} on ${name}: ${ticks}`).toBe(true);
      }
    }
    expect(properties.filter((q) => q.kind === 'safety').every((q) => q.bound === null)).toBe(true);
  });
  it('selects by name in registry order and names an unknown property', () => {
    expect(selectProperties(['conservation', 'capacity']).map((p) => p.name)).toEqual(['capacity', 'conservation']);
    expect(() => selectProperties(['capacity', 'nope'])).toThrow(Error);
    expect(() => selectProperties(['capacity', 'nope'])).toThrow(/'nope'/);
  });
  it('reports the first violated property in registry order', () => {
    expect(firstViolation(properties, observe(settled))).toBeNull();
    // Breaks host-cache (S6) and conservation (S9); S6 comes first.
    const both = withNode(settled, U1, { hostCache: [U1], wantsOnline: false });
    expect(firstViolation(properties, observe(both))).toEqual({
      property: named('host-cache'),
      violation: { message: 'node 1 caches itself', nodes: [U1] },
    });
    expect(firstViolation(selectProperties(['conservation']), observe(both))?.property.name).toBe('conservation');
  });
});

describe('the properties that read the step', () => {
  // The explorer checks a property that reads the state alone once per distinct state, so one that
  // reads `before` or `event` must say so (`readsStep`). Each property is asked on every step of
  // a run of every built-in through a storm, a spike and a quiet phase, with a step that throws
  // when read: those that do not declare it must never read it, and those that do must.
  const events: Event[] = [
    ...ticks(12),
    { kind: 'reboot', user: 0 },
    { kind: 'usageSpike', percent: 200 },
    ...ticks(4),
    { kind: 'crash', supernodes: [0] },
    ...ticks(3),
    { kind: 'quiet' },
    ...ticks(30),
  ];
  const unreadable = (after: State): Observation =>
    Object.defineProperties({ config, after } as Observation, {
      before: { get: () => expect.fail('read before') },
      event: { get: () => expect.fail('read event') },
    });
  it('declare it, and the others read only the state after the step', () => {
    const readers = new Set<string>();
    for (const { algorithm } of builtIns) {
      let state = initialState(config, algorithm);
      for (const event of events) {
        state = step({ config, algorithm }, state, event);
        for (const property of properties) {
          const observation = unreadable(state);
          if (property.readsStep === true) {
            if (readsTheStep(property, observation)) readers.add(property.name);
          } else expect(() => property.check(observation), property.name).not.toThrow();
          if (property.kind === 'safety') {
            // Nor does a safety property read the clock: the same state later in the quiet phase, or
            // before it begins, gets the same verdict.
            const later = { ...state, tick: state.tick + 7, quietSince: state.quietSince < 0 ? state.tick : state.quietSince + 3 };
            const observe = (after: State) => property.check({ config, before: null, event: null, after });
            expect(observe(later), property.name).toEqual(observe(state));
          }
        }
      }
    }
    expect([...readers].sort()).toEqual(
      properties
        .filter((p) => p.readsStep === true)
        .map((p) => p.name)
        .sort(),
    );
    expect(readers.size).toBeGreaterThan(0);
  });
});

function readsTheStep(property: Property, observation: Observation): boolean {
  try {
    property.check(observation);
    return false;
  } catch {
    return true;
  }
}
