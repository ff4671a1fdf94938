import type { Config } from '../config.ts';
import type { StepContext } from '../draft.ts';
import type { Event, EventKind } from '../events.ts';
import type { State } from '../state.ts';

/**
 * One kind of event: when it applies, and its effect as a recipe on a draft. The recipe is written
 * once and runs both under immer's `produce` and on a plain mutable copy (see `step.ts`).
 */
export interface Transition<K extends EventKind> {
  /** Disruptive events do not apply once the quiet phase has begun. */
  readonly disruptive: boolean;
  applies(config: Config, state: State, event: Extract<Event, { kind: K }>): boolean;
  apply(ctx: StepContext, event: Extract<Event, { kind: K }>): void;
}
