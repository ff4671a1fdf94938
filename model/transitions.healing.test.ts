// Proves that a tick with the real healing algorithm plugged in gives the states its documented
// blocks (algorithms/parts.ts) imply, computed by hand on the five-node test network.
import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/healing.ts';
import type { System } from './draft.ts';
import { initialState } from './initial.ts';
import { noCounters } from './state.ts';
import { step } from './step.ts';
import {
  awaiting,
  B,
  connecting,
  loginTimingOut,
  node,
  offline,
  ordinary,
  saturated,
  supernode,
  testConfig,
  testState,
  U1,
  U2,
  warming,
} from './testing.ts';

const tick = { kind: 'tick' } as const;
const system: System = { config: testConfig(), algorithm: healing };

describe('tick: with the healing algorithm', () => {
  const timingOut = loginTimingOut();

  it('gives a node whose login wait runs out backoffWithJitter’s delay: 1 + int(2) = 2 ticks, one draw from the stream', () => {
    // Attempt 2: the ceiling is min(4, 1·2¹) = 2 and half of it 1; the first draw from seed 1 lies at
    // 0.58 of the range (random.test.ts), so int(2) = 1. The plan then sees a free slot for the one
    // connecting user and a supernode per two wanting users already, so it promotes no one.
    expect(step(system, timingOut, tick)).toEqual(
      testState(
        [
          saturated(supernode([U1])),
          saturated(ordinary(B)),
          saturated(connecting, { attempt: 2, retryTicks: 2, retryDelay: 2 }),
          node(offline, { uptime: 5 }),
          node(offline, { uptime: 5 }),
        ],
        {
          tick: 1,
          rng: 2654435770,
          belief: { supernodes: 1, freeSlots: 1 },
          capacityAtPlan: { supernodes: 1, freeSlots: 1 },
          lastTick: { ...noCounters, loginAttempts: 2, logins: 1 },
        },
      ),
    );
  });

  it('admits a cold start’s users at the bootstrap and logs them in one per tick', () => {
    // chooseInRotation offers [B (cache), B (bootstrap)] to both; B has room for two (capacity 2) and
    // tells each of them so (activeSupernodes: B is the only supernode with room). No one is left
    // connecting and B is one supernode per two wanting users, so the plan promotes no one.
    const first = step(system, initialState(system.config, healing), tick);
    const waiting = (roleTicks: number) => awaiting(B, roleTicks);
    expect(first).toEqual(
      testState(
        [
          node(supernode([U1, U2]), { uptime: 1, history: 1 }),
          saturated(waiting(2), { hostCache: [B] }),
          node(waiting(2), { uptime: 1, history: 1, hostCache: [B] }),
          node(offline, { wantsOnline: false, uptime: 1, hostCache: [B] }),
          node(offline, { uptime: 1 }),
        ],
        {
          tick: 1,
          loginQueue: [U1, U2],
          belief: { supernodes: 1, freeSlots: 0 },
          capacityAtPlan: { supernodes: 1, freeSlots: 0 },
          lastTick: { ...noCounters, probes: 2, admissions: 2 },
        },
      ),
    );
    const second = step(system, first, tick);
    expect(second.nodes.map((n) => n.role)).toEqual([supernode([U1, U2]), ordinary(B), waiting(1).role, offline, offline]);
    expect(second.clocks.roleTicks).toEqual([0, 0, 1, 0, 0]);
    expect(second.loginQueue).toEqual([U2]);
  });

  it('refuses a node beyond the capacity today’s usage leaves, and promotes an eligible ordinary node to serve it', () => {
    const before = testState(
      [
        saturated(supernode([U1])),
        saturated(ordinary(B), { hostCache: [B] }),
        node(connecting, { uptime: 1, hostCache: [B] }),
        node(offline, { uptime: 5 }),
        node(offline, { uptime: 5 }),
      ],
      { usagePercent: 200 },
    );
    // At 200% usage B serves floor(2·100/200) = 1 child, so U2 is refused, learns of no supernode
    // with room (an empty cache) and waits 1 + int(1) = 1 tick. The plan sees one connecting user and
    // no free slot, and promotes U1 (public, uptime 5), which leaves B to warm up for 2 ticks.
    expect(step(system, before, tick)).toEqual(
      testState(
        [
          saturated(supernode([])),
          saturated(warming([], 2), { hostCache: [B] }),
          node(connecting, { uptime: 2, history: 1, hostCache: [], attempt: 1, retryTicks: 1, retryDelay: 1 }),
          node(offline, { uptime: 5 }),
          node(offline, { uptime: 5 }),
        ],
        {
          tick: 1,
          usagePercent: 200,
          rng: 2654435770, // one draw: the jitter of U2's first retry (random.test.ts pins the stream)
          belief: { supernodes: 1, freeSlots: 0 },
          capacityAtPlan: { supernodes: 1, freeSlots: 0 },
          lastTick: { ...noCounters, probes: 1 },
        },
      ),
    );
  });
});
