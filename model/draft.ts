import type { Draft } from 'immer';
import type { AllocationAlgorithm, NetworkView } from './algorithm.ts';
import type { Config } from './config.ts';
import type { State } from './state.ts';

/** The state as a transition recipe sees it: an immer draft, or a plain mutable copy. */
export type StateDraft = Draft<State>;
export type NodeDraft = StateDraft['nodes'][number];

/** The system under test: a network and the algorithm that allocates its supernodes. */
export interface System {
  readonly config: Config;
  readonly algorithm: AllocationAlgorithm;
}

/** What every transition recipe is given. */
export interface StepContext extends System {
  readonly draft: StateDraft;
  /** The same draft, typed read-only, as the algorithm sees it. */
  readonly view: NetworkView;
}
