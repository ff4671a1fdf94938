// Proves that confirmShortest tells a shortest counterexample from one the explorer can shorten, on
// tiny: the model takes a trace's own events into its alphabet, a trace fast-check shrank is
// confirmed shortest with its own patch storm added, a padded trace is improved to the pinned
// shortest, a state limit gives a depth that is still a result, and a trace the explorer cannot
// represent, a contract broken sooner, and an algorithm that reads the absolute tick each get a
// verdict of their own instead of a wrong claim.
import { describe, expect, it } from 'vitest';
import { b2GhostCapacity, b3ShutdownCascade, b4RetryStorm, healing } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import { type AllocationAlgorithm, describeEvent, type Event, indicesOf, type NodeIndex, presets, type System } from '../model/index.ts';
import { selectProperties } from '../properties/registry.ts';
import { type Confirmation, confirmShortest } from './confirmShortest.ts';
import { type Branch, supernodeModel } from './supernodeModel.ts';

const tinyPreset = presets.tiny;
if (tinyPreset === undefined) throw new Error('the tiny preset is missing');
const tiny = tinyPreset.config;
const text = (events: readonly Event[]) => events.map(describeEvent).join(' ');
const tick: Event = { kind: 'tick' };
const quiet: Event = { kind: 'quiet' };
const ticks = (n: number): Event[] => Array.from({ length: n }, () => tick);
const reboot = (user: number): Event => ({ kind: 'reboot', user });
const spike = (percent: number): Event => ({ kind: 'usageSpike', percent });
const on = (algorithm: AllocationAlgorithm): System => ({ config: tiny, algorithm });

/** The shortest capacity-accounting trace of B2 on tiny over the explorer's own alphabet (explorer/tiny.test.ts). */
const b2Shortest: readonly Event[] = [...ticks(3), reboot(2), tick];
const b2Message = 'the algorithm believes in 2 supernodes with 2 free slots; there are 1 with 0';

/** The verdict and the counts, without the search's timings. */
function counts(c: Confirmation) {
  const { verdict, property, disruptionEvents, totalEvents } = c;
  if (c.verdict === 'unrepresentable') return { verdict, property, disruptionEvents, totalEvents, reason: c.reason };
  return {
    verdict,
    property,
    disruptionEvents,
    totalEvents,
    alphabetSize: c.alphabetSize,
    ownEvents: text(c.ownEvents),
    states: c.stats.distinctStates,
  };
}

describe("the model's extra events", () => {
  it("come after alphabetOf's, in order, each once, and none equal to one already there", () => {
    const storm: Event = { kind: 'patchStorm', percent: 50, windowTicks: 2, biasSupernodes: false, offset: 0 };
    const model = supernodeModel(on(healing), { properties: [], extraEvents: [spike(302), reboot(1), storm, spike(302)] });
    const [initial] = model.initialStates();
    if (initial === undefined) throw new Error('no initial state');
    const base = supernodeModel(on(healing), { properties: [] }).actions(initial);
    const events = (branches: readonly Branch[]) => text(branches.map((b) => b.event));
    expect(events(model.actions(initial))).toBe(`${events(base)} usageSpike(302%) patchStorm(50%, 2t, any, +0)`);
  });
});

describe('shortest', () => {
  it("confirms fast-check's shrunk B2 trace, whose patch storm the explorer's alphabet lacks, with the storm added", () => {
    const properties = selectProperties(['capacity-accounting']);
    const found = check({ algorithm: b2GhostCapacity, preset: tinyPreset, properties, runs: 2, seed: 1, network: 'preset' });
    if (found.status !== 'violated') throw new Error(`check ended ${found.status}`);
    expect(text(found.counterexample.events)).toBe('patchStorm(1%, 1t, any, +30) tick');
    expect(found.counterexample.settleTicks).toBe(14);

    // The search starts where the trace does, after the same settle phase.
    const confirmed = confirmShortest(on(b2GhostCapacity), found.counterexample);
    expect(counts(confirmed)).toEqual({
      verdict: 'shortest',
      property: 'capacity-accounting',
      disruptionEvents: 2,
      totalEvents: 2,
      alphabetSize: 20,
      ownEvents: 'patchStorm(1%, 1t, any, +30)',
      states: 47,
    });
    expect(confirmed).toMatchObject({ reproduced: true, stats: { depth: 2 } });
  });

  it('a trace that breaks on the cold start has 0 disruption events, so it is shortest whatever its quiet ticks', () => {
    const confirmed = confirmShortest(on(b4RetryStorm), {
      property: 'bounded-reconnection',
      settleTicks: 0,
      events: [quiet, ...ticks(30)],
    });
    expect(counts(confirmed)).toEqual({
      verdict: 'shortest',
      property: 'bounded-reconnection',
      disruptionEvents: 0,
      totalEvents: 31,
      alphabetSize: 19,
      ownEvents: '',
      states: 1,
    });
  });

  it('events are taken in the form the alphabet has: reboot(u6) of four users is reboot(u2), crash(sn 7) a crash the model offers', () => {
    const viaOrdinal = confirmShortest(on(b2GhostCapacity), {
      property: 'capacity-accounting',
      settleTicks: 0,
      events: [...ticks(3), reboot(6), tick],
    });
    expect(counts(viaOrdinal)).toMatchObject({ verdict: 'shortest', alphabetSize: 19, ownEvents: '', states: 2974 });
    const viaCrash = confirmShortest(on(b2GhostCapacity), {
      property: 'capacity-accounting',
      settleTicks: 0,
      events: [...ticks(3), { kind: 'crash', supernodes: [7] }, tick],
    });
    expect(counts(viaCrash)).toMatchObject({ verdict: 'shortest', alphabetSize: 19, ownEvents: '' });
    expect(viaCrash).toMatchObject({ reproduced: true });
  });
});

describe('improved', () => {
  it('removes two spikes that cancel out from the B2 trace, and returns a replayed counterexample', () => {
    const padded = [spike(200), spike(100), ...b2Shortest];
    const confirmed = confirmShortest(on(b2GhostCapacity), { property: 'capacity-accounting', settleTicks: 0, events: padded });
    expect(counts(confirmed)).toEqual({
      verdict: 'improved',
      property: 'capacity-accounting',
      disruptionEvents: 7,
      totalEvents: 7,
      alphabetSize: 19,
      ownEvents: '',
      states: 2974,
    });
    if (confirmed.verdict !== 'improved') return;
    expect(confirmed.found.trace.length).toBe(5);
    expect(text(confirmed.counterexample.events)).toBe(text(b2Shortest));
    expect(confirmed.counterexample).toMatchObject({ property: 'capacity-accounting', step: 5, message: b2Message });
  });
});

describe('limits and what the explorer cannot judge', () => {
  it('a state limit leaves a verified depth, which is still a result', () => {
    const events = [spike(101), ...ticks(3), spike(302), tick];
    // The draws of the branch that breaks it: the seed's stream takes another (explorer/choices.ts).
    const draws = [[], [], [0, 0, 0], [0, 0], [], []];
    const confirmed = confirmShortest(
      on(b3ShutdownCascade),
      { property: 'no-self-shutdown', settleTicks: 0, events, draws },
      { statesMax: 1000 },
    );
    expect(counts(confirmed)).toMatchObject({ verdict: 'unconfirmed', disruptionEvents: 6, alphabetSize: 21, states: 1000 });
    expect(confirmed).toMatchObject({ limit: 'states', verifiedDepth: 3 });
  });

  it('a limit that stops the search only once every shorter trace is checked still confirms it, unreproduced', () => {
    // Depth 4 of B2's search completes at 2,919 states; the break at depth 5 comes at 2,974.
    const confirm = (statesMax: number) =>
      confirmShortest(on(b2GhostCapacity), { property: 'capacity-accounting', settleTicks: 0, events: b2Shortest }, { statesMax });
    expect(confirm(2930)).toMatchObject({ verdict: 'shortest', reproduced: false, stats: { depth: 4, distinctStates: 2930 } });
    expect(confirm(2900)).toMatchObject({ verdict: 'unconfirmed', limit: 'states', verifiedDepth: 3 });
  });

  it('a trace with more than ticks after quiet, or more quiet ticks than the explorer checks, is not searched', () => {
    const login = confirmShortest(on(b4RetryStorm), {
      property: 'bounded-reconnection',
      settleTicks: 0,
      events: [quiet, { kind: 'login', user: 0 }, tick],
    });
    expect(counts(login)).toEqual({
      verdict: 'unrepresentable',
      property: 'bounded-reconnection',
      disruptionEvents: 0,
      totalEvents: 3,
      reason: "the trace has login(u0) after quiet; the explorer's quiet phase is ticks alone, as every run of check ends",
    });
    const long = confirmShortest(on(b4RetryStorm), { property: 'bounded-reconnection', settleTicks: 0, events: [quiet, ...ticks(40)] });
    expect(counts(long)).toMatchObject({
      verdict: 'unrepresentable',
      reason: "the trace breaks after 40 quiet ticks; the explorer's quiet phase has 32",
    });
  });

  it('an algorithm that breaks the contract after fewer disruption events stops the search there, with that trace', () => {
    // B2, but out of contract while traffic is above normal: the explorer reaches that before B2's own bug.
    const algorithm: AllocationAlgorithm = {
      ...b2GhostCapacity,
      name: 'b2-spike-contract',
      chooseSupernode: (view, node, random) =>
        view.state.usagePercent > 100 ? (99 as NodeIndex) : b2GhostCapacity.chooseSupernode(view, node, random),
    };
    const confirmed = confirmShortest(on(algorithm), { property: 'capacity-accounting', settleTicks: 0, events: b2Shortest });
    expect(counts(confirmed)).toMatchObject({ verdict: 'contractBroken', disruptionEvents: 5, states: 68 });
    if (confirmed.verdict !== 'contractBroken') return;
    expect(text(confirmed.counterexample.events)).toBe('usageSpike(200%) tick');
    expect(confirmed.counterexample.property).toBe('contract');
  });

  it('an algorithm that reads the absolute tick is reported as beyond the state abstraction, not as shortest', () => {
    // Healing, until tick 20, when it demotes every supernode: the quiet phase's shortcut has long
    // stopped stepping a network that settled, so the explorer never sees it.
    const clockReader: AllocationAlgorithm = {
      ...healing,
      name: 'clock-reader',
      plan: (view, memory, random) => {
        const plan = healing.plan(view, memory, random);
        if (view.state.tick < 20) return plan;
        const supernodes = indicesOf(view.config, 'user').filter((i) => view.state.nodes[i]?.role.kind === 'supernode');
        return { ...plan, promote: [], demote: supernodes };
      },
    };
    const confirmed = confirmShortest(on(clockReader), { property: 'matches-optimal', settleTicks: 0, events: [quiet, ...ticks(30)] });
    expect(counts(confirmed)).toMatchObject({ verdict: 'inconsistent', disruptionEvents: 0, totalEvents: 31, states: 1 });
    expect(confirmed).toMatchObject({ reason: expect.stringContaining('does it read view.state.tick?') });
  });
});
