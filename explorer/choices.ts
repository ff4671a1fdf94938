import { assertBound, type Random } from '../model/index.ts';
import { NotDeterministic } from './model.ts';

/** The resolutions of one step's random choices a search enumerates at most, unless told otherwise. */
export const choicesMaxDefault = 1 << 16;

/** Thrown by `everyChoice` for a step with more than `vectorsMax` resolutions of its random choices. */
export class ChoiceLimit extends Error {
  constructor(readonly vectorsMax: number) {
    super(`one step has more than ${vectorsMax} resolutions of its random choices, too many to enumerate`);
    this.name = 'ChoiceLimit';
  }
}

/**
 * Random choices as branches, stateless-search style (Godefroid's VeriSoft; TigerBeetle's
 * `exhaustigen.zig` enumerates the same way): `run` is called with a chooser that answers draw p
 * with `prefix[p]`, 0 past the prefix, and records each draw's bound. The next prefix bumps the last
 * draw that has room and drops the draws after it, like an odometer, until every vector has been
 * tried. The draws before a bumped one are those of the run before, so the run makes the same draws
 * up to there: each vector is tried once, in lexicographic order, and `visit` sees each with the
 * result of its run. A draw from one value is no choice (model/random.ts) and is not recorded.
 *
 * The run must be deterministic given its draws, as a model step is. `vectorsMax` bounds the
 * branching of one run (a step that shuffles many supernodes has factorially many vectors): past it
 * this throws `ChoiceLimit`, since the search would otherwise run for ever inside one state, and the
 * search stops at its 'choices' limit (explore.ts).
 */
export function everyChoice<T>(
  run: (random: Random) => T,
  visit: (draws: readonly number[], result: T) => void,
  vectorsMax = choicesMaxDefault,
): void {
  let prefix: number[] = [];
  for (let vectors = 1; ; vectors++) {
    const draws: number[] = [];
    const bounds: number[] = [];
    const taken = prefix;
    const random: Random = {
      int(bound) {
        assertBound(bound);
        if (bound === 1) return 0;
        const value = taken[draws.length] ?? 0;
        if (value >= bound)
          throw new NotDeterministic(
            `stormcheck internal error: draw ${draws.length} has bound ${bound} now, below the ${value} taken before: the run is not deterministic`,
          );
        draws.push(value);
        bounds.push(bound);
        return value;
      },
    };
    visit(draws, run(random));
    let p = draws.length - 1;
    while (p >= 0 && (draws[p] as number) + 1 >= (bounds[p] as number)) p--;
    if (p < 0) return;
    if (vectors >= vectorsMax) throw new ChoiceLimit(vectorsMax);
    prefix = draws.slice(0, p);
    prefix.push((draws[p] as number) + 1);
  }
}
