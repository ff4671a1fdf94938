import type { ExplorableModel } from './model.ts';

/**
 * The Die Hard water jugs (TLA+ Examples, `DieHard.tla`; Lamport, "Specifying Systems" §2): a
 * 3-gallon and a 5-gallon jug, a fountain, and a bomb that needs exactly 4 gallons. A textbook
 * model with a known answer that tests the explorer apart from the supernode model: the property
 * "the big jug never holds 4 gallons" is false, and its shortest counterexample is the 6-step plan.
 */
export interface Jugs {
  readonly small: number;
  readonly big: number;
}

export type JugAction = 'fillSmall' | 'fillBig' | 'emptySmall' | 'emptyBig' | 'smallToBig' | 'bigToSmall';

/** The six actions, in the order the search tries them; every one is enabled in every state, as in TLA+. */
export const jugActions: readonly JugAction[] = ['fillSmall', 'fillBig', 'emptySmall', 'emptyBig', 'smallToBig', 'bigToSmall'];

export interface DieHardOptions {
  readonly smallGallons?: number;
  readonly bigGallons?: number;
  /** The amount the big jug must never hold; null checks nothing, to count the whole state space. */
  readonly goalGallons?: number | null;
}

export function dieHard(options: DieHardOptions = {}): ExplorableModel<Jugs, JugAction> {
  const smallMax = options.smallGallons ?? 3;
  const bigMax = options.bigGallons ?? 5;
  const goal = options.goalGallons === undefined ? 4 : options.goalGallons;
  const pour = (from: number, to: number, toMax: number) => Math.min(from, toMax - to);
  const next = ({ small, big }: Jugs, action: JugAction): Jugs => {
    switch (action) {
      case 'fillSmall':
        return { small: smallMax, big };
      case 'fillBig':
        return { small, big: bigMax };
      case 'emptySmall':
        return { small: 0, big };
      case 'emptyBig':
        return { small, big: 0 };
      case 'smallToBig': {
        const poured = pour(small, big, bigMax);
        return { small: small - poured, big: big + poured };
      }
      case 'bigToSmall': {
        const poured = pour(big, small, smallMax);
        return { small: small + poured, big: big - poured };
      }
    }
  };
  return {
    name: `die-hard(${smallMax},${bigMax})`,
    initialStates: () => [{ small: 0, big: 0 }],
    actions: () => jugActions,
    next,
    key: ({ small, big }) => [small, big],
    describeAction: (action) => action,
    properties:
      goal === null ? [] : [{ name: `big-never-${goal}`, check: ({ big }) => (big === goal ? `the big jug holds ${goal} gallons` : null) }],
  };
}
