import fc from 'fast-check';
import type { Event, System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { advance, PropertyFailure, quietPhase, type Run, type Stepper, startRun } from './run.ts';

export interface Played {
  /** The events applied, up to and including the one after which a property broke. */
  readonly events: readonly Event[];
  readonly failure: PropertyFailure | null;
}

/** Starts a run, lets `drive` step it, and returns what was applied and the first violation, if any. */
function play(system: System, properties: readonly Property[], drive: (run: Run) => void, stepper?: Stepper): Played {
  let run: Run | null = null;
  try {
    run = startRun(system, properties, stepper);
    drive(run);
    return { events: run.events, failure: null };
  } catch (error) {
    if (!(error instanceof PropertyFailure)) throw error;
    return { events: run?.events ?? [], failure: error };
  }
}

/**
 * A generated case: settling ticks, fast-check's commands as the disruption phase, then the quiet
 * phase. The same
 * function runs inside the property and decodes a shrunk case into a plain event list afterwards,
 * so the two cannot drift apart.
 */
export function playCase(
  system: System,
  properties: readonly Property[],
  settleTicks: number,
  commands: Iterable<fc.Command<Run, unknown>>,
  stepper?: Stepper,
): Played {
  const drive = (run: Run) => {
    for (let k = 0; k < settleTicks; k++) advance(run, { kind: 'tick' });
    fc.modelRun(() => ({ model: run, real: run }), commands);
    quietPhase(run);
  };
  return play(system, properties, drive, stepper);
}

/** A plain event list, exactly as given: how stored traces and shrinking candidates are judged. */
export function playEvents(system: System, properties: readonly Property[], events: readonly Event[]): Played {
  return play(system, properties, (run) => {
    for (const event of events) advance(run, event);
  });
}
