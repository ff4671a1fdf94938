// The supernode model as the explorer sees it: a finite, pinned alphabet filtered by `applies`; a
// canonical key that ignores the absolute tick and field order but nothing that changes the future;
// and a quiet suffix whose fixed-point shortcut gives the verdict full stepping gives.
import { describe, expect, it } from 'vitest';
import { builtIns, healing } from '../algorithms/index.ts';
import { type AllocationAlgorithm, describeEvent, type Event, presets, type State, type System, sameButTick } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { properties } from '../properties/registry.ts';
import { quietTicksFor } from '../properties/run.ts';
import { exploreSupernodes } from './exploreSupernodes.ts';
import { quietSuffix, suffixMemo } from './quietSuffix.ts';
import { attemptKeyOf, stateCodec, supernodeKey } from './stateCodec.ts';
import { statesWithin } from './statesWithin.ts';
import { alphabetOf, type Branch, describeBranch, stepsOf, supernodeModel } from './supernodeModel.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');
const system: System = { config: tiny, algorithm: healing };

/** Every distinct state within `depth` actions, in the order the search finds them. */
function reachable(system: System, depth: number): State[] {
  return statesWithin(supernodeModel(system, { properties: [] }), depth);
}

describe('the alphabet', () => {
  it('is every event of the disruption phase, once, in a fixed order', () => {
    expect(alphabetOf(tiny).map(describeEvent).join(' ')).toBe(
      'tick reboot(u0) login(u0) logout(u0) reboot(u1) login(u1) logout(u1) reboot(u2) login(u2) logout(u2) ' +
        'reboot(u3) login(u3) logout(u3) crash(sn 0) crash(sn 1) crash(sn 2) crash(sn 3) usageSpike(200%) usageSpike(100%)',
    );
    const mega = { kind: 'mega', isPublic: true, capacity: 4, uptimeInitial: 0, historyInitial: 0, wantsOnlineInitial: false } as const;
    expect(alphabetOf({ ...tiny, nodes: [...tiny.nodes, mega] }).at(-1)).toEqual({ kind: 'addMega', count: 1 });
  });

  it('offers only events that apply, and a crash only of a supernode that exists', () => {
    // From a cold start no user is a supernode yet, so no crash applies; three ticks promote one.
    const model = supernodeModel(system, { start: 'cold' });
    const initial = model.initialStates()[0] as State;
    expect(model.actions(initial).map(describeBranch).join(' ')).toBe(
      'tick reboot(u0) logout(u0) reboot(u1) logout(u1) reboot(u2) logout(u2) reboot(u3) logout(u3) usageSpike(200%)',
    );
    const ticked = (s: State) => model.next(s, model.actions(s)[0] as Branch);
    const promoted = ticked(ticked(ticked(initial)));
    expect(model.actions(promoted).filter((b) => b.event.kind === 'crash')).toEqual([
      { event: { kind: 'crash', supernodes: [0] }, draws: [] },
    ]);
    // The settled network, where searches start, has its one user supernode from the first step.
    const settled = supernodeModel(system).initialStates()[0] as State;
    expect(
      supernodeModel(system)
        .actions(settled)
        .filter((b) => b.event.kind === 'crash'),
    ).toEqual([{ event: { kind: 'crash', supernodes: [0] }, draws: [] }]);
  });

  it('can be narrowed to some event kinds', () => {
    const model = supernodeModel(system, { eventKinds: ['tick', 'usageSpike'], usagePercents: [300] });
    expect(model.actions(model.initialStates()[0] as State).map(describeBranch)).toEqual(['tick', 'usageSpike(300%)']);
  });
});

describe('the canonical key', () => {
  const initial = supernodeModel(system).initialStates()[0] as State;
  const key = (state: State, keepTick = false) => supernodeKey(system.config, state, keepTick);

  it('ignores the absolute tick but keeps the elapsed quiet ticks, unless told to keep the tick', () => {
    expect(key({ ...initial, tick: 7 })).toBe(key(initial));
    expect(key({ ...initial, tick: 7, quietSince: 5 })).toBe(key({ ...initial, tick: 2, quietSince: 0 }));
    expect(key({ ...initial, tick: 7, quietSince: 5 })).not.toBe(key({ ...initial, tick: 7, quietSince: 6 }));
    expect(key({ ...initial, tick: 7 }, true)).not.toBe(key(initial, true));
  });

  it('leaves the random stream out: the search resolves every draw as a branch and never advances it', () => {
    expect(key({ ...initial, rng: initial.rng + 1 })).toBe(key(initial));
    expect(new Set(reachable(system, 3).map((s) => s.rng))).toEqual(new Set([initial.rng]));
  });

  it('keys the count of failed attempts by a representative that repeats past the thresholds the built-ins read', () => {
    // tiny: the backoff saturates at 3 failures and a rotation has at most 3 candidates, so from 3 on the period is lcm(2, 3) = 6.
    const attemptKey = attemptKeyOf(tiny);
    expect(Array.from({ length: 16 }, (_, a) => attemptKey(a))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 3, 4, 5, 6, 7, 8, 3]);
    const node = initial.nodes[1] as State['nodes'][number];
    const withAttempt = (attempt: number) => ({ ...initial, nodes: initial.nodes.map((n, i) => (i === 1 ? { ...node, attempt } : n)) });
    expect(key(withAttempt(9))).toBe(key(withAttempt(3)));
    expect(key(withAttempt(9), true)).not.toBe(key(withAttempt(3), true));
  });

  it("ignores the order in which the algorithm's memory wrote its fields", () => {
    expect(key({ ...initial, memory: { a: 1, b: [2, { c: 3, d: 4 }] } })).toBe(
      key({ ...initial, memory: { b: [2, { d: 4, c: 3 }], a: 1 } }),
    );
    expect(key({ ...initial, memory: { a: 1 } })).not.toBe(key({ ...initial, memory: [['a', 1]] }));
  });

  it('tells apart every state the search finds within 3 actions: no two distinct states share a key', () => {
    const states = reachable(system, 3);
    const distinct = new Set(states.map((s) => JSON.stringify({ ...s, tick: 0 })));
    expect(new Set(states.map((s) => key(s))).size).toBe(distinct.size);
    expect(states).toHaveLength(325);
  });
});

describe('the quiet suffix', () => {
  it('stops stepping at a fixed point without changing any verdict', () => {
    for (const { algorithm } of builtIns) {
      const sys = { config: tiny, algorithm };
      const ticks = quietTicksFor(sys, properties);
      const { branches } = stepsOf(sys, stateCodec(tiny));
      // Each with a memo of its own: without one, a phase's tree of choices is exponential in its ticks.
      const [memoFull, memoShort] = [suffixMemo(stateCodec(tiny)), suffixMemo(stateCodec(tiny))];
      for (const state of reachable(sys, 1)) {
        const full = quietSuffix(sys, properties, { ticks, shortcut: false, branches, memo: memoFull })(state);
        expect(quietSuffix(sys, properties, { ticks, shortcut: true, branches, memo: memoShort })(state), algorithm.name).toEqual(full);
      }
    }
  });

  it('skips the rest of a phase that reaches a state whose phase held, without changing any verdict', () => {
    const steps = { without: 0, with: 0 };
    for (const { algorithm } of builtIns) {
      const sys = { config: tiny, algorithm };
      // Phases of 6 ticks: without the memo, the tree of a phase's choices grows exponentially with its ticks.
      const ticks = 6;
      const { branches } = stepsOf(sys, stateCodec(tiny));
      const counted = (key: keyof typeof steps) => (state: State, event: Event) => {
        steps[key]++;
        return branches(state, event);
      };
      const memo = suffixMemo(stateCodec(tiny));
      for (const state of reachable(sys, 2)) {
        const full = quietSuffix(sys, properties, { ticks, shortcut: false, branches: counted('without') })(state);
        expect(quietSuffix(sys, properties, { ticks, shortcut: false, branches: counted('with'), memo })(state), algorithm.name).toEqual(
          full,
        );
      }
    }
    // Pinned: a change in how often phases meet is a change in the model or in the memo.
    expect(steps).toEqual({ without: 8421, with: 5652 });
  });

  it('asks only the properties that read the step on entering a state whose phase the memo knows held', () => {
    const asked = { state: 0, step: 0 };
    const counting = (readsStep: boolean): Property => ({
      ...(properties[0] as Property),
      name: readsStep ? 'counts-steps' : 'counts-states',
      ...(readsStep ? { readsStep: true as const } : {}),
      check: () => {
        asked[readsStep ? 'step' : 'state']++;
        return null;
      },
    });
    const sys = { config: tiny, algorithm: healing };
    const { branches } = stepsOf(sys, stateCodec(tiny));
    const memo = suffixMemo(stateCodec(tiny));
    const check = quietSuffix(sys, [counting(false), counting(true)], { ticks: 6, shortcut: false, branches, memo });
    for (const state of reachable(sys, 2)) expect(check(state)).toBeNull();
    // Pinned: every transition asks the step's property; the state's, only where the state is new to the memo.
    expect(asked).toEqual({ state: 1150, step: 1305 });
  });

  it('compares states field by field, all but the tick', () => {
    const model = supernodeModel(system, { start: 'cold' });
    const initial = model.initialStates()[0] as State;
    expect(sameButTick(initial, { ...initial, tick: 9 })).toBe(true);
    expect(sameButTick(initial, model.next(initial, model.actions(initial)[0] as Branch))).toBe(false);
    expect(sameButTick(initial, { ...initial, memory: [] })).toBe(false);
    // Equal copies, and each kind of difference: a field missing or extra, an array against an
    // object, a longer array, a change deep inside a node.
    expect(sameButTick(initial, structuredClone({ ...initial, tick: 3 }))).toBe(true);
    const { violation: _, ...missing } = initial;
    expect(sameButTick(initial, missing as State)).toBe(false);
    expect(sameButTick(missing as State, initial)).toBe(false);
    expect(sameButTick(initial, { ...initial, extra: 1 } as State)).toBe(false);
    expect(sameButTick(initial, { ...initial, loginQueue: {} as never })).toBe(false);
    expect(sameButTick(initial, { ...initial, loginQueue: [...initial.loginQueue, 0 as never] })).toBe(false);
    const nodes = structuredClone(initial.nodes) as State['nodes'][number][];
    nodes[1] = { ...(nodes[1] as State['nodes'][number]), hostCache: [] };
    expect(initial.nodes[1]?.hostCache).not.toEqual([]);
    expect(sameButTick(initial, { ...initial, nodes })).toBe(false);
  });
});

describe('a step with more resolutions of its random choices than the search enumerates', () => {
  // Healing, but every host-cache refresh first tosses five coins: 32 resolutions a refresh.
  const coins: AllocationAlgorithm = {
    ...healing,
    name: 'five-coins',
    refreshHostCache: (view, node, supernode, random) => {
      for (let k = 0; k < 5; k++) random.int(2);
      return healing.refreshHostCache(view, node, supernode, random);
    },
  };
  const coinSystem: System = { config: tiny, algorithm: coins };

  it("ends the search at its 'choices' limit, with the depth it completed, rather than failing", () => {
    // One refresh in a step is 32 resolutions, two are 1,024: a step at depth 3 has two.
    expect(exploreSupernodes(coinSystem, { properties: [], choicesMax: 64, depthMax: 3 })).toMatchObject({
      status: 'limitReached',
      limit: 'choices',
      depth: 2,
    });
  });

  it('enumerates every resolution below the limit', () => {
    expect(exploreSupernodes(coinSystem, { properties: [], choicesMax: 1024, depthMax: 2 })).toMatchObject({
      status: 'limitReached',
      limit: 'depth',
      depth: 2,
    });
  });
});
