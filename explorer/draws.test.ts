// A search's trace records the draws each event took, and replay takes them: the trace of a branch
// that is not the seed's replays to the branch's state, and a recorded draw out of the range the
// replay's choice has is refused in one line naming the event and the field.
import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/index.ts';
import { InputError } from '../io/inputError.ts';
import { type Event, presets, type State } from '../model/index.ts';
import { runTrace, settleTicksOf } from '../properties/run.ts';
import { type Branch, supernodeModel } from './supernodeModel.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');
const system = { config: tiny, algorithm: healing };
const model = supernodeModel(system, { properties: [] });
const settled = model.initialStates()[0] as State;

/** A path from the settled network to the first state (breadth first) with an event of two branches or more, then each of those branches. */
function pathsWithChoice(): { branches: Branch[]; state: State }[] {
  let frontier: { branches: Branch[]; state: State }[] = [{ branches: [], state: settled }];
  for (let depth = 0; depth < 4; depth++) {
    const next: typeof frontier = [];
    for (const { branches, state } of frontier) {
      const actions = model.actions(state);
      for (const action of actions) {
        const siblings = actions.filter((a) => a.event === action.event);
        if (siblings.length > 1) return siblings.map((b) => ({ branches: [...branches, b], state: model.next(state, b) }));
        next.push({ branches: [...branches, action], state: model.next(state, action) });
      }
    }
    frontier = next;
  }
  throw new Error('no event with two branches within four events');
}

describe('draws', () => {
  const paths = pathsWithChoice();
  const events: Event[] = (paths[0] as (typeof paths)[number]).branches.map((b) => b.event);
  const draws = (paths[0] as (typeof paths)[number]).branches.map((b) => b.draws);
  const strip = (s: State) => JSON.stringify({ ...s, rng: 0, tick: 0, violation: null });

  it('replay each branch the search took, of which the seed takes at most one', () => {
    const seeded = strip(runTrace(system, events, [], settleTicksOf(system)).states.at(-1) as State);
    const replayed = paths.map((p) =>
      strip(runTrace(system, events, [], settleTicksOf(system), { draws: p.branches.map((b) => b.draws) }).states.at(-1) as State),
    );
    expect(replayed).toEqual(paths.map((p) => strip(p.state)));
    expect(new Set(replayed).size).toBe(paths.length);
    expect(replayed.filter((r) => r === seeded).length).toBeLessThanOrEqual(1);
  });

  it('out of range are refused in one line naming the event and the field', () => {
    const last = draws.length - 1;
    const bad = draws.map((d, k) => (k === last ? [99] : d));
    expect(() => runTrace(system, events, [], settleTicksOf(system), { draws: bad })).toThrow(InputError);
    expect(() => runTrace(system, events, [], settleTicksOf(system), { draws: bad })).toThrow(
      new RegExp(
        `^field draws\\.${draws.length - 1}\\.0: draw 99 of event ${draws.length - 1} \\(\\w+\\) is out of range: the replay's choice there has \\d+ values \\(0 to \\d+\\)$`,
      ),
    );
  });
});
