import { produce } from 'immer';
import type { Random } from './algorithm.ts';
import { clonePlain } from './clone.ts';
import type { Config } from './config.ts';
import { type StateDraft, type System, stepContext } from './draft.ts';
import { type Event, type EventKind, eventProblem } from './events.ts';
import { census } from './queries.ts';
import type { State } from './state.ts';
import { crash } from './transitions/crash.ts';
import { login, logout } from './transitions/membership.ts';
import { addMega, quiet, usageSpike } from './transitions/operator.ts';
import { patchStorm } from './transitions/patchStorm.ts';
import { reboot } from './transitions/reboot.ts';
import { tick } from './transitions/tick.ts';
import type { Transition } from './transitions/transition.ts';

/** Every event kind has exactly one transition: the mapped type makes a missing one a type error. */
const transitions: { readonly [K in EventKind]: Transition<K> } = {
  tick,
  reboot,
  patchStorm,
  crash,
  login,
  logout,
  usageSpike,
  addMega,
  quiet,
};

function transitionOf<K extends EventKind>(event: Extract<Event, { kind: K }>): Transition<K> {
  return transitions[event.kind as K];
}

/**
 * Whether `event` changes anything in `state`: a malformed event never does, disruptions stop at
 * the quiet phase, and each transition says when it applies.
 */
export function applies(config: Config, state: State, event: Event): boolean {
  return eventProblem(event) === null && appliesWellFormed(config, state, event);
}

/** `applies` for an event known to be well formed (`eventProblem` is null): what the explorer asks of its alphabet. */
export function appliesWellFormed(config: Config, state: State, event: Event): boolean {
  const transition = transitionOf(event);
  if (transition.disruptive && state.quietSince >= 0) return false;
  return transition.applies(config, state, event);
}

/**
 * The recipe behind `step`: one event applied to `draft`, an immer draft of `base` or, when it is
 * `base` itself, a plain copy changed in place. `random` resolves the step's random choices: the
 * state's own stream unless given (draft.ts).
 */
export function recipe(system: System, base: State, draft: StateDraft, event: Event, random?: Random): void {
  const ctx = stepContext(system, base, draft, random);
  transitionOf(event).apply(ctx, event);
  // Observed at tick boundaries only: the effect of the last disruption (a spike's shedding, say)
  // lands in the next tick's plan, and the state between is not one the network has settled into.
  if (event.kind === 'tick' && draft.quietSince >= 0) {
    const online = census(system.config, ctx.view.state).online;
    if (online > draft.onlinePeakSinceQuiet) draft.onlinePeakSinceQuiet = online;
  }
  ctx.seal();
}

/**
 * The model's transition function: pure and deterministic. An event that does not apply returns
 * the same state object, which is how a trace records a no-op.
 */
export function step(system: System, state: State, event: Event, random?: Random): State {
  if (!applies(system.config, state, event)) return state;
  return produce(state, (draft) => recipe(system, state, draft, event, random));
}

/**
 * The same transition on a plain mutable copy, for the explorer and the benchmark: no structural
 * sharing, no proxies, no freezing. It must give a state equal to `step`'s, and a test checks it.
 */
export function stepMutable(system: System, state: State, event: Event, random?: Random): State {
  if (!applies(system.config, state, event)) return state;
  const copy = clonePlain(state);
  recipe(system, copy, copy as StateDraft, event, random);
  return copy;
}
