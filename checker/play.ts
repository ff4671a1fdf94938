import fc from 'fast-check';
import type { System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { type Played, play, quietPhase, type Run, type Stepper } from '../properties/run.ts';

/**
 * A generated case: the settle phase, fast-check's commands as the disruption phase, then the quiet
 * phase. The same function runs inside the property and decodes a shrunk case into a plain event
 * list afterwards, so the two cannot drift apart.
 */
export function playCase(
  system: System,
  properties: readonly Property[],
  settleTicks: number,
  commands: Iterable<fc.Command<Run, unknown>>,
  stepper?: Stepper,
): Played {
  const drive = (run: Run) => {
    fc.modelRun(() => ({ model: run, real: run }), commands);
    quietPhase(run);
  };
  return play(system, properties, settleTicks, drive, stepper);
}
