// The explorer on textbook models with known answers, apart from the supernode model: the Die Hard
// jugs have 16 reachable states and a 6-step shortest way to 4 gallons, which breadth-first search
// must find exactly; two dice have 18 reachable states, one per total of up to two rolls, which only
// taking every branch of every random choice reaches; every limit ends in a typed 'limitReached' that says how far the search got.
import { describe, expect, it } from 'vitest';
import { everyChoice } from './choices.ts';
import { dice } from './dice.ts';
import { dieHard, type JugAction, type Jugs } from './dieHard.ts';
import { explore } from './explore.ts';
import { type ExplorableModel, NotDeterministic } from './model.ts';

describe('Die Hard (3- and 5-gallon jugs)', () => {
  it('has 16 reachable states, all found and checked', () => {
    const result = explore(dieHard({ goalGallons: null }));
    expect(result).toMatchObject({ status: 'passed', distinctStates: 16, transitions: 96, depth: 7 });
  });

  it('finds the 6-step shortest way to 4 gallons in the big jug', () => {
    const result = explore(dieHard());
    expect(result).toMatchObject({ status: 'violated', property: 'big-never-4', depth: 6, distinctStates: 13, continuation: [] });
    if (result.status !== 'violated') return;
    expect(result.trace).toEqual(['fillBig', 'bigToSmall', 'emptySmall', 'bigToSmall', 'fillBig', 'bigToSmall']);
    const model = dieHard();
    const states: Jugs[] = [{ small: 0, big: 0 }];
    for (const action of result.trace) states.push(model.next(states.at(-1) as Jugs, action));
    expect(states.map(({ small, big }) => `${small}/${big}`)).toEqual(['0/0', '0/5', '3/2', '0/2', '2/0', '2/5', '3/4']);
  });

  it('checks a property of the state alone once per distinct state, and one of the step on every transition', () => {
    const model = dieHard({ goalGallons: null });
    const asked = { state: 0, step: 0 };
    const counted: ExplorableModel<Jugs, JugAction> = {
      ...model,
      properties: [
        {
          name: 'of-the-state',
          stateOnly: true,
          check: () => {
            asked.state++;
            return null;
          },
        },
        {
          name: 'of-the-step',
          check: () => {
            asked.step++;
            return null;
          },
        },
      ],
    };
    expect(explore(counted)).toMatchObject({ status: 'passed', distinctStates: 16, transitions: 96 });
    expect(asked).toEqual({ state: 16, step: 1 + 96 });
  });

  it('knows that jugs of 2 and 4 gallons can never make 3', () => {
    const result = explore(dieHard({ smallGallons: 2, bigGallons: 4, goalGallons: 3 }));
    expect(result).toMatchObject({ status: 'passed', distinctStates: 6 });
  });

  it('is passed only when the frontier empties, not when the depth limit is reached', () => {
    expect(explore(dieHard({ goalGallons: null }), { depthMax: 7 })).toMatchObject({ status: 'limitReached', limit: 'depth', depth: 7 });
    expect(explore(dieHard({ goalGallons: null }), { depthMax: 8 })).toMatchObject({ status: 'passed', depth: 7 });
  });

  it('ends each limit in a typed result with how far it got', () => {
    const model = dieHard({ goalGallons: null });
    expect(explore(model, { depthMax: 2 })).toMatchObject({ status: 'limitReached', limit: 'depth', depth: 2, distinctStates: 6 });
    expect(explore(model, { statesMax: 5 })).toMatchObject({ status: 'limitReached', limit: 'states', depth: 1, distinctStates: 5 });
    // 64 bytes are 8 slots of the visited set, which hold 7 fingerprints (0.9 of them, one slot kept empty).
    expect(explore(model, { visitedBytesMax: 64 })).toMatchObject({ status: 'limitReached', limit: 'memory', depth: 2, distinctStates: 7 });
    let clock = 0;
    const tickingClock = () => clock++;
    expect(explore(model, { timeMaxMs: 20, now: tickingClock })).toMatchObject({ status: 'limitReached', limit: 'time' });
    // One unit of work a transition, six from each state: levels 1 and 2 take 6 and 12, so 18 units
    // complete depth 2 and 17 stop one transition short of it, on any machine.
    expect(explore(model, { workMax: 18 })).toMatchObject({ status: 'limitReached', limit: 'work', depth: 2, transitions: 18 });
    expect(explore(model, { workMax: 17 })).toMatchObject({ status: 'limitReached', limit: 'work', depth: 1, transitions: 17 });
  });

  it('reports its throughput, what a state costs to remember, and its progress level by level', () => {
    const levels: number[] = [];
    const result = explore(dieHard({ goalGallons: null }), { onLevel: (stats) => levels.push(stats.distinctStates) });
    expect(levels).toEqual([3, 6, 8, 10, 12, 14, 16, 16]);
    expect(result.statesPerSecond).toBeGreaterThan(0);
    // The smallest tables: 64 slots of 8 bytes, and one chunk of 64 parent pointers of 5 bytes.
    expect(result.visitedBytes).toBe(64 * 8);
    expect(result.traceBytes).toBe(64 * 5);
    expect(result.bytesPerState).toBe((result.visitedBytes + result.traceBytes) / 16);
    expect(result.collisionProbability).toBeLessThan(1e-15);
  });
});

/** A counter that only goes up, whose continuation looks three steps ahead. */
function counter(options: { continuation: boolean }): ExplorableModel<number, 'inc'> {
  const neverFive = { name: 'never-5', check: (n: number) => (n === 5 ? 'reached 5' : null) };
  return {
    name: 'counter',
    initialStates: () => [0],
    actions: (n) => (n < 9 ? ['inc'] : []),
    next: (n) => n + 1,
    key: (n) => [n],
    describeAction: (a) => a,
    properties: [neverFive],
    ...(options.continuation
      ? {
          continuation: (n: number) =>
            n + 3 >= 5 ? { property: 'never-5', message: 'reached 5', actions: Array.from({ length: 5 - n }, () => 'inc' as const) } : null,
        }
      : {}),
  };
}

describe('continuations', () => {
  it('are checked from every new state, so a violation ahead is found at the shallowest state that leads to it', () => {
    expect(explore(counter({ continuation: false }))).toMatchObject({
      status: 'violated',
      depth: 5,
      trace: ['inc', 'inc', 'inc', 'inc', 'inc'],
    });
    expect(explore(counter({ continuation: true }))).toMatchObject({
      status: 'violated',
      property: 'never-5',
      depth: 2,
      trace: ['inc', 'inc'],
      continuation: ['inc', 'inc', 'inc'],
    });
  });
});

describe('trace reconstruction', () => {
  it('diagnoses a model whose actions are not a function of the state', () => {
    let calls = 0;
    const base = dieHard();
    const shuffled: ExplorableModel<Jugs, JugAction> = {
      ...base,
      actions: (state) => (calls++ % 2 === 0 ? base.actions(state) : [...base.actions(state)].reverse()),
    };
    expect(() => explore(shuffled)).toThrow(/not a deterministic function of the state/);
    expect(() => explore(shuffled)).toThrow(NotDeterministic);
  });
});

describe('dice: a random choice is a branch', () => {
  it('reaches every total of up to two dice: 1 + 6 + 11 states, 6 + 36 transitions, one per face of every roll', () => {
    expect(explore(dice({ forbiddenTotal: null }))).toMatchObject({ status: 'passed', distinctStates: 18, transitions: 42, depth: 2 });
    // Three dice: totals 3 to 18 after the third roll, 16 more states, and 11 × 6 more transitions.
    expect(explore(dice({ rolls: 3, forbiddenTotal: null }))).toMatchObject({ status: 'passed', distinctStates: 34, transitions: 108 });
  });

  it('finds double six, the one branch of 36 that makes 12, as the shortest way there', () => {
    const result = explore(dice());
    expect(result).toMatchObject({ status: 'violated', property: 'never-12', depth: 2 });
    if (result.status !== 'violated') return;
    expect(result.trace.map(dice().describeAction)).toEqual(['roll 6', 'roll 6']);
  });
});

describe('every choice', () => {
  it('tries each vector of draws once, odometer-style, and skips draws from one value', () => {
    const seen: string[] = [];
    everyChoice(
      (random) => [random.int(2), random.int(1), random.int(3)],
      (draws, result) => seen.push(`${draws.join('')}:${result.join('')}`),
    );
    expect(seen).toEqual(['00:000', '01:001', '02:002', '10:100', '11:101', '12:102']);
  });

  it('follows a later bound that depends on an earlier draw', () => {
    const seen: string[] = [];
    everyChoice(
      (random) => (random.int(2) === 0 ? [0] : [1, random.int(2)]),
      (draws) => seen.push(draws.join('')),
    );
    expect(seen).toEqual(['0', '10', '11']);
  });
});
