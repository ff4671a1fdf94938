import type fc from 'fast-check';
import { applies, describeEvent, type Event } from '../model/index.ts';
import { advance, type Run } from '../properties/run.ts';

/**
 * An event as a fast-check command. The pure model is itself the system under test, so fast-check's
 * model slot and real slot are the same `Run` (properties/run.ts): `check` asks the model whether
 * the event applies (commands that never ran are what fast-check's shrinker drops first), `run`
 * steps and checks.
 */
export class EventCommand implements fc.Command<Run, Run> {
  constructor(readonly event: Event) {}
  check(run: Readonly<Run>): boolean {
    return applies(run.system.config, run.state, this.event);
  }
  run(run: Run): void {
    advance(run, this.event);
  }
  toString(): string {
    return describeEvent(this.event);
  }
}
