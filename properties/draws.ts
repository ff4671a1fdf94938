import { InputError } from '../io/inputError.ts';
import { assertBound, type Event, type Random, randomOn, type State, type System, step } from '../model/index.ts';

/**
 * The random choices a run took, event by event: for each event after the settle phase, the value
 * of each draw it made (`Random.int` with a bound above 1; a draw from one value is no choice,
 * model/random.ts). A counterexample carries them, so that its replay takes the same choices
 * whichever strategy found it: `check` resolves them from the seed's stream, the explorer enumerates
 * them (explorer/choices.ts).
 */
export type Draws = readonly (readonly number[])[];

/**
 * The draws the seed's stream makes over `events` after the settle phase: what a run of `check`
 * took. The stream is the one `step` would advance in the state (`randomOn`), carried from draw to
 * draw here instead, so that every decision is the one `check` made.
 */
export function drawsOf(system: System, settled: State, events: readonly Event[]): Draws {
  const stream = randomOn({ rng: settled.rng });
  const draws: number[][] = [];
  let state = settled;
  for (const event of events) {
    const taken: number[] = [];
    const random: Random = {
      int(bound) {
        const value = stream.int(bound);
        if (bound > 1) taken.push(value);
        return value;
      },
    };
    state = step(system, state, event, random);
    draws.push(taken);
  }
  return draws;
}

/**
 * A `Random` that answers event `index`'s draws in order: the recorded value, or 0 past the
 * recorded ones (a draw that was no choice when recorded, say). A recorded value at or above the
 * bound the replay asks with cannot be taken: the file does not fit this model or algorithm. The
 * draw is made inside the algorithm's code, whose exceptions the model catches as a contract
 * violation (model/ops.ts `guarded`), so the problem is kept and thrown by `throwIfOutOfRange`
 * after the step, as one line naming the event and the field.
 */
export function replayedDraws(draws: readonly number[], index: number, event: Event): Random & { throwIfOutOfRange(): void } {
  let position = 0;
  let problem: string | null = null;
  return {
    int(bound) {
      assertBound(bound);
      if (bound === 1) return 0;
      const p = position++;
      const value = draws[p] ?? 0;
      if (value < bound) return value;
      problem ??= `field draws.${index}.${p}: draw ${value} of event ${index} (${event.kind}) is out of range: the replay's choice there has ${bound} values (0 to ${bound - 1})`;
      return 0;
    },
    throwIfOutOfRange() {
      if (problem !== null) throw new InputError(problem);
    },
  };
}
