import type { Stepper } from '../properties/run.ts';

/**
 * Thrown by a `timed` stepper once the check's time limit is past: it ends the run it is in at the
 * next step, wherever the run is (its settle phase, its disruptions, its quiet phase, a shrinking
 * candidate), so that `timeLimitMs` bounds every phase of a check, not only the gaps between runs.
 */
export class TimeUp extends Error {
  override readonly name = 'TimeUp';
}

/**
 * `stepper`, which first checks the clock: one `performance.now` a step, next to an immer step on a
 * whole network, costs nothing measurable. Without a limit, `stepper` itself.
 */
export function timed(stepper: Stepper, pastLimit: (() => boolean) | null): Stepper {
  if (pastLimit === null) return stepper;
  return (system, state, event) => {
    if (pastLimit()) throw new TimeUp('the time limit is past');
    return stepper(system, state, event);
  };
}
