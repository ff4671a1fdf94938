// Proves that one tick advances clocks, serves the login server and lets each due node probe exactly
// as documented in transitions/tick.ts, with stub algorithms whose every answer is known.
import { describe, expect, it } from 'vitest';
import { noCounters } from './state.ts';
import { step } from './step.ts';
import {
  awaiting,
  B,
  booting,
  connecting,
  loginTimingOut,
  node,
  offline,
  ordinary,
  saturated,
  supernode,
  testConfig,
  testState,
  testSystem,
  U1,
  U2,
  U3,
  warming,
} from './testing.ts';

const tick = { kind: 'tick' } as const;

describe('tick: clocks', () => {
  it('counts a boot down; a boot that ends connects (and probes at once) if the user wants it online, else goes offline', () => {
    const before = testState([
      saturated(supernode([])),
      node(booting(2), { history: 3 }),
      node(booting(1), { history: 3, hostCache: [B] }),
      node(booting(1), { wantsOnline: false }),
      node(offline, { uptime: 5 }),
    ]);
    expect(step(testSystem(), before, tick)).toEqual(
      testState(
        [
          saturated(supernode([U2])),
          node(booting(1), { history: 3 }),
          node(awaiting(B, 2), { history: 3, hostCache: [B] }),
          node(offline, { wantsOnline: false }),
          node(offline, { uptime: 5 }),
        ],
        {
          tick: 1,
          loginQueue: [U2],
          capacityAtPlan: { supernodes: 1, freeSlots: 1 },
          lastTick: { ...noCounters, probes: 1, admissions: 1 },
        },
      ),
    );
  });

  it('grows uptime on every machine that is up, and history only while the client runs; both saturate; counters reset', () => {
    const before = testState(
      [
        node(supernode([U1]), { uptime: 4, history: 2 }),
        saturated(ordinary(B)),
        node(warming([], 2), { uptime: 3, history: 0 }),
        node(offline, { wantsOnline: false, uptime: 0, history: 1 }),
        node(offline),
      ],
      { tick: 3, lastTick: { probes: 9, admissions: 9, loginAttempts: 9, logins: 9, shedChildren: 9, shutdowns: 9 } },
    );
    expect(step(testSystem(), before, tick)).toEqual(
      testState(
        [
          saturated(supernode([U1])),
          saturated(ordinary(B)),
          node(warming([], 1), { uptime: 4, history: 1 }),
          node(offline, { wantsOnline: false, uptime: 1, history: 1 }),
          node(offline, { uptime: 1 }),
        ],
        { tick: 4, capacityAtPlan: { supernodes: 1, freeSlots: 1 } },
      ),
    );
  });

  it('keeps a machine’s uptime growing while only its client restarts, but not while it reboots', () => {
    const idle = node(offline, { uptime: 5 });
    const before = testState([
      saturated(supernode([])),
      node(booting(2), { history: 1 }),
      node(booting(2, false), { uptime: 1, history: 1 }),
      idle,
      idle,
    ]);
    expect(step(testSystem(), before, tick)).toEqual(
      testState(
        [saturated(supernode([])), node(booting(1), { history: 1 }), node(booting(1, false), { uptime: 2, history: 1 }), idle, idle],
        {
          tick: 1,
          capacityAtPlan: { supernodes: 1, freeSlots: 2 },
        },
      ),
    );
  });

  it('counts a warm-up down to zero and no further', () => {
    const idle = node(offline, { uptime: 5 });
    const before = testState([saturated(supernode([])), saturated(warming([], 1)), saturated(supernode([])), idle, idle]);
    expect(step(testSystem(), before, tick)).toEqual(
      testState([saturated(supernode([])), saturated(supernode([])), saturated(supernode([])), idle, idle], {
        tick: 1,
        capacityAtPlan: { supernodes: 3, freeSlots: 5 },
      }),
    );
  });

  it('fires a scheduled reboot, whose orphans probe in the same tick, and restarts the quiet clock', () => {
    const before = testState(
      [
        saturated(supernode([U3])),
        saturated(supernode([U2]), { rebootInTicks: 1 }),
        saturated(ordinary(U1), { hostCache: [U1] }),
        saturated(ordinary(B), { rebootInTicks: 2 }),
        node(offline),
      ],
      { tick: 4, quietSince: 2, onlinePeakSinceQuiet: 3 },
    );
    expect(step(testSystem(), before, tick)).toEqual(
      testState(
        [
          saturated(supernode([U3])),
          node(booting(2), { history: 3 }),
          saturated(connecting, { hostCache: [U1], attempt: 1, retryTicks: 2, retryDelay: 2 }),
          saturated(ordinary(B), { rebootInTicks: 1 }),
          node(offline, { uptime: 1 }),
        ],
        {
          tick: 5,
          quietSince: 5,
          onlinePeakSinceQuiet: 1,
          capacityAtPlan: { supernodes: 1, freeSlots: 1 },
          lastTick: { ...noCounters, probes: 1 },
        },
      ),
    );
  });
});

describe('tick: the online peak of the quiet phase', () => {
  const idle = node(offline, { uptime: 5 });
  const nodes = [saturated(supernode([U1])), saturated(ordinary(B)), saturated(supernode([])), idle, idle];

  it.each([
    [0, 2],
    [3, 3],
  ])('turns a peak of %s into the larger of it and the 2 users online at the tick: %s', (peak, expected) => {
    const before = testState(nodes, { quietSince: 0, onlinePeakSinceQuiet: peak });
    expect(step(testSystem(), before, tick)).toEqual(
      testState(nodes, { tick: 1, quietSince: 0, onlinePeakSinceQuiet: expected, capacityAtPlan: { supernodes: 2, freeSlots: 2 } }),
    );
  });

  it('is not kept before the quiet phase', () => {
    expect(step(testSystem(), testState(nodes), tick).onlinePeakSinceQuiet).toBe(0);
  });
});

describe('tick: login server', () => {
  it('logs in at most loginRate queued nodes, first come first served, and resets their attempt count', () => {
    const system = testSystem({}, testConfig({ loginRate: 2 }));
    const before = testState(
      [
        saturated(supernode([U1, U2, U3])),
        saturated(awaiting(B, 2), { attempt: 1, retryDelay: 2 }),
        saturated(awaiting(B, 2)),
        saturated(awaiting(B, 1), { attempt: 3, retryDelay: 4 }),
        node(offline, { uptime: 5 }),
      ],
      { loginQueue: [U3, U1, U2] },
    );
    expect(step(system, before, tick)).toEqual(
      testState(
        [
          saturated(supernode([U1, U2, U3])),
          saturated(ordinary(B)),
          saturated(awaiting(B, 1)),
          saturated(ordinary(B)),
          node(offline, { uptime: 5 }),
        ],
        {
          tick: 1,
          loginQueue: [U2],
          capacityAtPlan: { supernodes: 1, freeSlots: 0 },
          lastTick: { ...noCounters, loginAttempts: 3, logins: 2 },
        },
      ),
    );
  });

  const timingOut = loginTimingOut();

  it('fails a node whose wait runs out: it frees its slot, leaves the queue and waits the algorithm’s delay', () => {
    expect(step(testSystem(), timingOut, tick)).toEqual(
      testState(
        [
          saturated(supernode([U1])),
          saturated(ordinary(B)),
          saturated(connecting, { attempt: 2, retryTicks: 3, retryDelay: 3 }),
          node(offline, { uptime: 5 }),
          node(offline, { uptime: 5 }),
        ],
        { tick: 1, capacityAtPlan: { supernodes: 1, freeSlots: 1 }, lastTick: { ...noCounters, loginAttempts: 2, logins: 1 } },
      ),
    );
  });
});

describe('tick: connection attempts', () => {
  it('lets a due node probe once: a refused node still takes the supernode’s host cache, and one not due counts down', () => {
    const system = testSystem({ admit: () => false });
    const before = testState([
      saturated(supernode([])),
      saturated(connecting),
      saturated(connecting, { hostCache: [U1], retryTicks: 2 }),
      node(offline, { uptime: 5 }),
      node(offline, { uptime: 5 }),
    ]);
    expect(step(system, before, tick)).toEqual(
      testState(
        [
          saturated(supernode([])),
          saturated(connecting, { hostCache: [B], attempt: 1, retryTicks: 2, retryDelay: 2 }),
          saturated(connecting, { hostCache: [U1], retryTicks: 1 }),
          node(offline, { uptime: 5 }),
          node(offline, { uptime: 5 }),
        ],
        { tick: 1, capacityAtPlan: { supernodes: 1, freeSlots: 2 }, lastTick: { ...noCounters, probes: 1 } },
      ),
    );
  });

  it('fails a probe of a dead host-cache entry without refreshing the cache or asking admit', () => {
    const mustNotBeCalled = () => {
      throw new Error('called');
    };
    const system = testSystem({ admit: mustNotBeCalled, refreshHostCache: mustNotBeCalled });
    const before = testState([
      saturated(supernode([])),
      node(booting(2)),
      saturated(connecting, { hostCache: [U1] }),
      node(offline, { uptime: 5 }),
      node(offline, { uptime: 5 }),
    ]);
    expect(step(system, before, tick)).toEqual(
      testState(
        [
          saturated(supernode([])),
          node(booting(1)),
          saturated(connecting, { hostCache: [U1], attempt: 1, retryTicks: 2, retryDelay: 2 }),
          node(offline, { uptime: 5 }),
          node(offline, { uptime: 5 }),
        ],
        { tick: 1, capacityAtPlan: { supernodes: 1, freeSlots: 2 }, lastTick: { ...noCounters, probes: 1 } },
      ),
    );
  });

  it('refreshes the host cache from a live supernode before asking admit, then queues the admitted node', () => {
    const system = testSystem({
      refreshHostCache: (_view, _i, s) => [s, B],
      admit: (view, _s, i) => view.state.nodes[i]?.hostCache.length === 2,
    });
    const before = testState([
      saturated(supernode([])),
      saturated(supernode([])),
      saturated(connecting, { hostCache: [U1] }),
      node(offline, { uptime: 5 }),
      node(offline, { uptime: 5 }),
    ]);
    expect(step(system, before, tick)).toEqual(
      testState(
        [
          saturated(supernode([])),
          saturated(supernode([U2])),
          saturated(awaiting(U1, 2), { hostCache: [U1, B] }),
          node(offline, { uptime: 5 }),
          node(offline, { uptime: 5 }),
        ],
        {
          tick: 1,
          loginQueue: [U2],
          capacityAtPlan: { supernodes: 2, freeSlots: 3 },
          lastTick: { ...noCounters, probes: 1, admissions: 1 },
        },
      ),
    );
  });
});
