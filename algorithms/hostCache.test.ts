// The host-cache refresh (`activeSupernodes`) keeps, for the supernode list of a view, the
// supernodes it has not yet found full, and draws only among those: a tick's probes together scan
// the supernodes once. Sound only while no supernode gains room under the same list, which the
// model signals (`forgetSupernodes`) whenever one may. These tests pin the draws' meaning, the
// rejection of a supernode found full, the signal, and, over whole outage scenarios under both
// engines, that every refresh returns what a fresh scan would allow.
import { describe, expect, it } from 'vitest';
import type { NetworkView, Random } from '../model/algorithm.ts';
import type { NodeIndex } from '../model/ids.ts';
import { type Event, initialState, presets, type State, step, stepMutable } from '../model/index.ts';
import { forgetSupernodes, supernodesIn } from '../model/queries.ts';
import {
  awaiting,
  B,
  connecting,
  M,
  node,
  offline,
  saturated,
  supernode,
  testConfig,
  testState,
  testSystem,
  U1,
  U2,
  U3,
} from '../model/testing.ts';
import { healing } from './healing.ts';
import { activeSupernodes, admitWithinCapacity } from './parts.ts';

const config = testConfig();
/** B, U1 and M have two slots or more, U2 one; U3 connects. Every supernode has room. */
function roomy(): NetworkView {
  const state = testState([
    saturated(supernode([])),
    saturated(supernode([])),
    saturated(supernode([])),
    saturated(connecting),
    saturated(supernode([])),
  ]);
  return { config, state };
}

/** A `Random` that answers from a script and records the bounds it was asked for. */
function scripted(answers: readonly number[]): Random & { bounds: number[] } {
  const bounds: number[] = [];
  let next = 0;
  return {
    bounds,
    int(bound) {
      bounds.push(bound);
      return answers[next++] ?? 0;
    },
  };
}

function childrenOfU2(view: NetworkView): NodeIndex[] {
  const role = (view.state.nodes[U2] as State['nodes'][number]).role;
  if (role.kind !== 'supernode') throw new Error('U2 is not a supernode');
  return role.children as NodeIndex[];
}

/** Gives U2, which has one slot, a child: from now on it is full. */
function fillU2(view: NetworkView): void {
  childrenOfU2(view).push(U3);
}

describe('the host-cache refresh', () => {
  it('draws hostCacheMax places, and every pair of draws is a different ordered pick', () => {
    const picks = new Set<string>();
    for (let first = 0; first < 4; first++) {
      for (let second = 0; second < 3; second++) {
        const random = scripted([first, second]);
        const cache = activeSupernodes(roomy(), U3, random);
        expect(random.bounds).toEqual([4, 3]);
        picks.add(cache.join(' '));
      }
    }
    // 4 supernodes with room, 2 places: 4 × 3 ordered picks, each reached by exactly one pair of draws.
    expect(picks.size).toBe(12);
  });

  it('drops for good a supernode found full since, and draws the place again', () => {
    const view = roomy();
    expect(activeSupernodes(view, U3, scripted([0, 0]))).toEqual([B, U1]);
    fillU2(view);
    // The place falls on U2 (the list is B U1 U2 M): it is dropped, and the place is drawn among the three left.
    const random = scripted([2, 0, 0]);
    expect(activeSupernodes(view, U3, random)).toEqual([M, U1]);
    expect(random.bounds).toEqual([4, 3, 2]);
    expect(activeSupernodes(view, U3, scripted([2, 1]))).toEqual([B, M]);
  });

  it('takes a supernode back once the model says one may have gained room', () => {
    const view = roomy();
    fillU2(view);
    // The first place falls on U2, full: it is dropped from the view's list.
    expect(activeSupernodes(view, U3, scripted([2, 0, 0]))).toEqual([M, U1]);
    childrenOfU2(view).pop();
    const firsts = (view: NetworkView, places: number) =>
      Array.from({ length: places }, (_, first) => activeSupernodes(view, U3, scripted([first, 0]))[0]);
    // U2 has room again, but the list is the same object: the refresh does not know.
    expect(firsts(view, 3)).not.toContain(U2);
    forgetSupernodes(view);
    expect(firsts(view, 4)).toContain(U2);
  });

  it('sees the room a timed-out log-in leaves, when the algorithm refreshes between two of them', () => {
    // At 200% usage U1 serves one child, and U2 and U3 both await their log-in there; the login
    // server serves no one this tick, so both waits run out, one after the other. The algorithm
    // refreshes in each one's retryDelay: after U2 leaves, U1 is still full; after U3, it has room.
    const state = testState(
      [saturated(supernode([])), saturated(supernode([U2, U3])), saturated(awaiting(U1, 1)), saturated(awaiting(U1, 1)), node(offline)],
      { loginQueue: [U2, U3], usagePercent: 200 },
    );
    const seen: NodeIndex[][] = [];
    const retryDelay = (view: NetworkView, i: NodeIndex, _attempt: number, random: Random) => {
      seen.push([...activeSupernodes(view, i, random)].sort());
      return 1;
    };
    step(testSystem({ retryDelay }, testConfig({ loginRate: 0 })), state, { kind: 'tick' });
    expect(seen).toEqual([[B], [B, U1]]);
  });

  const counts: Record<string, [number, number]> = { 'patch-tuesday-2007': [69, 37], 'client-crash-2010': [73, 46] };
  describe.each([
    ['immer', step],
    ['mutable', stepMutable],
  ])('over the outage scenarios, %s engine', (_, stepper) => {
    it.each(['patch-tuesday-2007', 'client-crash-2010'])('returns on every refresh of %s what a fresh scan allows', (name) => {
      const preset = presets[name];
      if (preset === undefined) throw new Error(`preset ${name} is missing`);
      let refreshes = 0;
      let fewerThanAll = 0;
      const algorithm = {
        ...healing,
        refreshHostCache: (view: NetworkView, i: NodeIndex, _s: NodeIndex, random: Random) => {
          const open = supernodesIn(view).filter((o) => o !== i && admitWithinCapacity(view, o));
          const cache = activeSupernodes(view, i, random);
          expect(new Set(cache).size).toBe(cache.length);
          expect(cache.every((c) => open.includes(c))).toBe(true);
          expect(cache.length).toBe(Math.min(open.length, view.config.hostCacheMax));
          refreshes++;
          if (open.length > cache.length) fewerThanAll++;
          return cache;
        },
      };
      const system = { config: preset.config, algorithm };
      let state = initialState(preset.config, algorithm);
      const events: Event[] = [...Array.from({ length: 60 }, () => ({ kind: 'tick' }) as const), ...preset.scenario];
      for (const event of events) state = stepper(system, state, event);
      // The refreshes, and those that chose among more supernodes than fit: the same under both engines.
      expect([refreshes, fewerThanAll]).toEqual(counts[name]);
    });
  });
});
