// Proves that every event kind other than `tick` (see transitions.tick.test.ts) turns a hand-built
// state into exactly the state its transition documents, and is a no-op exactly when it should be.
import { describe, expect, it } from 'vitest';
import type { Event } from './events.ts';
import type { State } from './state.ts';
import { step } from './step.ts';
import {
  awaiting,
  B,
  booting,
  connecting,
  fromTestNodes,
  M,
  node,
  offline,
  ordinary,
  saturated,
  supernode,
  type TestNode,
  testConfig,
  testNodesOf,
  testState,
  testSystem,
  U1,
  U2,
  U3,
  warming,
} from './testing.ts';

const system = testSystem();

/** U1 is a user supernode serving U2 (logged in) and U3 (admitted, queued at the login server). */
const served = testState(
  [
    saturated(supernode([])),
    saturated(supernode([U2, U3]), { hostCache: [B] }),
    saturated(ordinary(U1), { hostCache: [U1, B] }),
    node(awaiting(U1, 2), { uptime: 2, history: 1, hostCache: [U1], attempt: 1, retryDelay: 2 }),
    node(offline),
  ],
  { loginQueue: [U3] },
);

/** U1 is logged in under the bootstrap, U2 is an idle user supernode, U3 has logged out; tick 7. */
const settled = testState(
  [
    saturated(supernode([U1])),
    saturated(ordinary(B), { hostCache: [B] }),
    saturated(supernode([])),
    node(offline, { uptime: 5, hostCache: [B] }),
    node(offline),
  ],
  { tick: 7 },
);

/** `settled` in a quiet phase that began at tick 3 and saw all three users online at its peak. */
const settledQuiet: State = { ...settled, quietSince: 3, onlinePeakSinceQuiet: 3 };

/** `state` with some nodes replaced, by index. */
function withNodes(state: State, changes: Readonly<Record<number, TestNode>>): State {
  return { ...state, ...fromTestNodes(testNodesOf(state).map((n, i) => changes[i] ?? n)) };
}

describe('reboot', () => {
  it('of a supernode orphans its children, dequeues the one awaiting login, and resets uptime but not history or host cache', () => {
    expect(step(system, served, { kind: 'reboot', user: 0 })).toEqual(
      testState([
        saturated(supernode([])),
        node(booting(2), { uptime: 0, history: 3, hostCache: [B] }),
        saturated(connecting, { hostCache: [U1, B] }),
        node(connecting, { uptime: 2, history: 1, hostCache: [U1] }),
        node(offline),
      ]),
    );
  });

  it('addresses users modulo their number, frees an ordinary node’s slot and cancels its scheduled reboot', () => {
    const scheduled = withNodes(served, { [U2]: saturated(ordinary(U1), { hostCache: [U1, B], rebootInTicks: 2 }) });
    const expected = withNodes(served, {
      [U1]: saturated(supernode([U3]), { hostCache: [B] }),
      [U2]: node(booting(2), { uptime: 0, history: 3, hostCache: [U1, B] }),
    });
    expect(step(system, scheduled, { kind: 'reboot', user: 4 })).toEqual(expected);
    expect(step(system, scheduled, { kind: 'reboot', user: -2 })).toEqual(expected);
  });

  it('is a no-op for a machine that is already booting', () => {
    const rebooting = withNodes(settled, { [U3]: node(booting(1)) });
    expect(step(system, rebooting, { kind: 'reboot', user: 2 })).toBe(rebooting);
  });
});

describe('crash', () => {
  it('restarts a user supernode’s client for restartTicks, keeping its uptime and scheduled reboot', () => {
    const scheduled = withNodes(served, { [U1]: saturated(supernode([U2, U3]), { hostCache: [B], rebootInTicks: 3 }) });
    expect(step(system, scheduled, { kind: 'crash', supernodes: [0] })).toEqual(
      testState([
        saturated(supernode([])),
        saturated(booting(1, false), { hostCache: [B], rebootInTicks: 3 }),
        saturated(connecting, { hostCache: [U1, B] }),
        node(connecting, { uptime: 2, history: 1, hostCache: [U1] }),
        node(offline),
      ]),
    );
  });

  it('takes ordinals modulo the user supernodes, and hits each one once', () => {
    const twoSupernodes = withNodes(served, { [U2]: saturated(supernode([])) });
    const next = step(system, twoSupernodes, { kind: 'crash', supernodes: [1, 3] });
    expect(next).toEqual(withNodes(twoSupernodes, { [U2]: saturated(booting(1, false)) }));
  });

  it('is a no-op when no user is a supernode', () => {
    const onlyBootstrap = withNodes(settled, { [U2]: saturated(connecting) });
    expect(step(system, onlyBootstrap, { kind: 'crash', supernodes: [0] })).toBe(onlyBootstrap);
  });
});

describe('patchStorm', () => {
  /** U1 is a supernode with the shortest uptime; U3, its child, has the longest. */
  const storm = testState([
    saturated(supernode([U2])),
    node(supernode([U3]), { uptime: 1, history: 3 }),
    node(ordinary(B), { uptime: 4, history: 3 }),
    node(ordinary(U1), { uptime: 5, history: 3 }),
    node(offline),
  ]);

  it('with biasSupernodes hits supernodes first, then the longest uptime; the first reboots at once, the rest spread over the window', () => {
    const event: Event = { kind: 'patchStorm', percent: 60, windowTicks: 4, biasSupernodes: true, offset: 0 };
    expect(step(system, storm, event)).toEqual(
      withNodes(storm, {
        [U1]: node(booting(2), { uptime: 0, history: 3 }),
        [U3]: node(connecting, { uptime: 5, history: 3, rebootInTicks: 2 }),
      }),
    );
  });

  it('without bias, hits running users in index order rotated by the offset', () => {
    const event: Event = { kind: 'patchStorm', percent: 60, windowTicks: 4, biasSupernodes: false, offset: 1 };
    expect(step(system, storm, event)).toEqual(
      withNodes(storm, {
        [B]: saturated(supernode([])),
        [U2]: node(booting(2), { uptime: 0, history: 3 }),
        [U3]: node(ordinary(U1), { uptime: 5, history: 3, rebootInTicks: 2 }),
      }),
    );
  });

  it('reboots at once every victim whose share of a short window rounds down to zero', () => {
    const event: Event = { kind: 'patchStorm', percent: 100, windowTicks: 2, biasSupernodes: false, offset: 0 };
    expect(step(system, storm, event)).toEqual(
      testState([
        saturated(supernode([])),
        node(booting(2), { uptime: 0, history: 3 }),
        node(booting(2), { uptime: 0, history: 3 }),
        node(connecting, { uptime: 5, history: 3, rebootInTicks: 1 }),
        node(offline),
      ]),
    );
  });

  it('is a no-op below one percent', () => {
    expect(step(system, storm, { kind: 'patchStorm', percent: 0, windowTicks: 4, biasSupernodes: true, offset: 0 })).toBe(storm);
  });
});

describe('login', () => {
  it('starts a logged-out user’s client connecting', () => {
    expect(step(system, settled, { kind: 'login', user: 2 })).toEqual(
      withNodes(settled, { [U3]: node(connecting, { uptime: 5, hostCache: [B] }) }),
    );
  });

  it('during the quiet phase restarts the quiet clock and resets the online peak, which only a tick observes', () => {
    expect(step(system, settledQuiet, { kind: 'login', user: 2 })).toEqual({
      ...withNodes(settled, { [U3]: node(connecting, { uptime: 5, hostCache: [B] }) }),
      quietSince: 7,
      onlinePeakSinceQuiet: 0,
    });
  });

  it('of a user whose machine is booting only marks it wanted online: the boot ends in connecting', () => {
    const rebooting = withNodes(settled, { [U3]: node(booting(1), { wantsOnline: false }) });
    expect(step(system, rebooting, { kind: 'login', user: 2 })).toEqual(withNodes(settled, { [U3]: node(booting(1)) }));
  });

  it('of a user already online is a no-op', () => {
    expect(step(system, settled, { kind: 'login', user: 0 })).toBe(settled);
    expect(step(system, settledQuiet, { kind: 'login', user: 3 })).toBe(settledQuiet);
  });
});

describe('logout', () => {
  it('of a supernode orphans its children and takes the queued one out of the login queue', () => {
    expect(step(system, served, { kind: 'logout', user: 0 })).toEqual(
      testState([
        saturated(supernode([])),
        saturated(offline, { hostCache: [B] }),
        saturated(connecting, { hostCache: [U1, B] }),
        node(connecting, { uptime: 2, history: 1, hostCache: [U1] }),
        node(offline),
      ]),
    );
  });

  it('of an ordinary node frees its slot, and during the quiet phase restarts the quiet clock and resets the online peak', () => {
    expect(step(system, settledQuiet, { kind: 'logout', user: 0 })).toEqual({
      ...withNodes(settled, { [B]: saturated(supernode([])), [U1]: saturated(offline, { hostCache: [B] }) }),
      quietSince: 7,
      onlinePeakSinceQuiet: 0,
    });
  });

  it('of a user whose machine is booting leaves it booting, to end offline', () => {
    const rebooting = withNodes(settled, { [U3]: node(booting(1)) });
    expect(step(system, rebooting, { kind: 'logout', user: 2 })).toEqual(
      withNodes(settled, { [U3]: node(booting(1), { wantsOnline: false }) }),
    );
  });

  it('of a user already logged out is a no-op', () => {
    expect(step(system, settled, { kind: 'logout', user: 2 })).toBe(settled);
  });
});

describe('usageSpike', () => {
  const heavy: State = { ...settled, usagePercent: 200 };

  it.each([
    [250, 250],
    [50, 100],
    [1000, 800],
  ])('of %s percent sets usage to %s percent, clamped to [100, 800]', (percent, expected) => {
    expect(step(system, heavy, { kind: 'usageSpike', percent })).toEqual({ ...heavy, usagePercent: expected });
  });

  it('of a fractional percentage is malformed, so a no-op', () => {
    expect(step(system, heavy, { kind: 'usageSpike', percent: 433.9 })).toBe(heavy);
  });

  it('is a no-op when the clamped usage is today’s usage', () => {
    expect(step(system, settled, { kind: 'usageSpike', percent: 20 })).toBe(settled);
  });
});

describe('addMega', () => {
  it('deploys idle mega slots as warming supernodes, in order, no more than there are', () => {
    const megaSpec = testConfig().nodes[M];
    const twoSlots = testSystem({}, testConfig({ nodes: [...testConfig().nodes, megaSpec!] }));
    const settledNodes = testNodesOf(settled);
    const before = testState([...settledNodes, node(offline)]);
    const one = step(twoSlots, before, { kind: 'addMega', count: 1 });
    expect(one).toEqual(testState([...settledNodes.slice(0, M), node(warming([], 2)), node(offline)]));
    const both = step(twoSlots, one, { kind: 'addMega', count: 5 });
    expect(both).toEqual(testState([...settledNodes.slice(0, M), node(warming([], 2)), node(warming([], 2))]));
    expect(step(twoSlots, both, { kind: 'addMega', count: 1 })).toBe(both);
  });

  it('is a no-op for a count below one', () => {
    expect(step(system, settled, { kind: 'addMega', count: 0 })).toBe(settled);
  });
});

describe('quiet', () => {
  it('starts the quiet phase now, with the online peak reset until a tick observes it, once', () => {
    const quiet = step(system, { ...settled, onlinePeakSinceQuiet: 3 }, { kind: 'quiet' });
    expect(quiet).toEqual({ ...settled, quietSince: 7, onlinePeakSinceQuiet: 0 });
    expect(step(system, quiet, { kind: 'quiet' })).toBe(quiet);
  });
});

describe('the quiet phase', () => {
  const disruptions: readonly Event[] = [
    { kind: 'reboot', user: 0 },
    { kind: 'patchStorm', percent: 100, windowTicks: 1, biasSupernodes: true, offset: 0 },
    { kind: 'crash', supernodes: [0] },
    { kind: 'usageSpike', percent: 300 },
    { kind: 'addMega', count: 1 },
  ];

  it.each(disruptions)('turns $kind, which changes the state before it, into a no-op', (event) => {
    expect(step(system, settled, event)).not.toBe(settled);
    expect(step(system, settledQuiet, event)).toBe(settledQuiet);
  });
});
