import type { Random } from '../model/index.ts';
import { everyChoice } from './choices.ts';
import type { ExplorableModel } from './model.ts';

/**
 * A die rolled up to `rolls` times, the faces added up: a textbook model whose only nondeterminism
 * is a random choice, so that its known reachable space (every total of k dice, for k up to
 * `rolls`) shows that the explorer takes every branch of every choice. The roll draws its face from
 * a `Random`, as the supernode model's step does, and the branches come from `everyChoice`.
 */
export interface Dice {
  readonly rolls: number;
  readonly total: number;
}

/** A roll and the face it drew (0 to 5, for faces 1 to 6). */
export interface Roll {
  readonly draws: readonly number[];
}

export interface DiceOptions {
  readonly rolls?: number;
  /** The total that must never be reached; null checks nothing, to count the whole space. */
  readonly forbiddenTotal?: number | null;
}

export function dice(options: DiceOptions = {}): ExplorableModel<Dice, Roll> {
  const rollsMax = options.rolls ?? 2;
  const forbidden = options.forbiddenTotal === undefined ? 2 * 6 : options.forbiddenTotal;
  const roll = ({ rolls, total }: Dice, random: Random): Dice => ({ rolls: rolls + 1, total: total + 1 + random.int(6) });
  const successors = (state: Dice): { roll: Roll; after: Dice }[] => {
    if (state.rolls >= rollsMax) return [];
    const out: { roll: Roll; after: Dice }[] = [];
    everyChoice(
      (random) => roll(state, random),
      (draws, after) => out.push({ roll: { draws }, after }),
    );
    return out;
  };
  return {
    name: `dice(${rollsMax})`,
    initialStates: () => [{ rolls: 0, total: 0 }],
    actions: (state) => successors(state).map((s) => s.roll),
    next: (state, { draws }) => roll(state, { int: () => draws[0] ?? 0 }),
    key: ({ rolls, total }) => [rolls, total],
    describeAction: ({ draws }) => `roll ${1 + (draws[0] ?? 0)}`,
    properties:
      forbidden === null
        ? []
        : [{ name: `never-${forbidden}`, check: ({ total }) => (total === forbidden ? `the dice show ${forbidden}` : null) }],
  };
}
