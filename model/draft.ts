import type { Draft } from 'immer';
import type { AllocationAlgorithm, NetworkView, Random } from './algorithm.ts';
import type { Config } from './config.ts';
import type { DecisionRecorder } from './decision.ts';
import type { NodeIndex } from './ids.ts';
import { randomOn } from './random.ts';
import type { NodeState, State } from './state.ts';

/** The state as a transition recipe sees it: an immer draft, or a plain mutable copy. */
export type StateDraft = Draft<State>;
export type NodeDraft = StateDraft['nodes'][number];

/** The system under test: a network and the algorithm that allocates its supernodes. */
export interface System {
  readonly config: Config;
  readonly algorithm: AllocationAlgorithm;
  /** Told the decisions only the model sees (a report's replay); absent everywhere else. */
  readonly recorder?: DecisionRecorder | undefined;
}

/**
 * What every transition recipe is given. Nodes are read with `read` and changed with `write`:
 * under immer, reading a node through the draft makes a proxy for it, and a tick reads every node
 * several times over (the algorithm most of all); `read` returns the plain node from the state the
 * step started from until the step changes it. On a mutable copy both return the same object.
 */
export interface StepContext extends System {
  /** The state the step started from: plain, never changed. */
  readonly base: State;
  readonly draft: StateDraft;
  /** The state as the algorithm sees it: current, read-only, and without proxies for unchanged nodes. */
  readonly view: NetworkView;
  /**
   * Where every random choice of the step comes from, the model's and the algorithm's: the state's
   * own stream (`randomOn(draft)`) unless the step was given a chooser, as the explorer gives one
   * that enumerates every choice and replay one that repeats the recorded draws.
   */
  readonly random: Random;
  read(i: NodeIndex): NodeState;
  write(i: NodeIndex): NodeDraft;
}

/**
 * A context over `draft`, which is either an immer draft of `base` or (when `draft === base`) a
 * plain copy being changed in place. The system's two fields are copied by name: spreading
 * `...system` into the literal took a fifth of the explorer's time (a slow path in V8 for a spread
 * followed by more properties), and this runs once a step.
 */
export function stepContext(system: System, base: State, draft: StateDraft, random: Random = randomOn(draft)): StepContext {
  if ((base as unknown) === draft) {
    const nodes = draft.nodes as NodeDraft[];
    return {
      config: system.config,
      algorithm: system.algorithm,
      recorder: system.recorder,
      base,
      draft,
      view: { config: system.config, state: base },
      random,
      read: (i) => nodes[i] as NodeState,
      write: (i) => nodes[i] as NodeDraft,
    };
  }
  // The algorithm's picture: unchanged nodes from `base`, changed ones from the draft, every other
  // field read through to the draft. Listing the fields makes a new one a type error here.
  const nodes = base.nodes.slice();
  const state: State = {
    get tick() {
      return draft.tick;
    },
    get usagePercent() {
      return draft.usagePercent;
    },
    get quietSince() {
      return draft.quietSince;
    },
    get rng() {
      return draft.rng;
    },
    nodes,
    get clocks() {
      return draft.clocks;
    },
    get loginQueue() {
      return draft.loginQueue;
    },
    get belief() {
      return draft.belief;
    },
    get capacityAtPlan() {
      return draft.capacityAtPlan;
    },
    get memory() {
      return draft.memory as State['memory'];
    },
    get lastTick() {
      return draft.lastTick;
    },
    get onlinePeakSinceQuiet() {
      return draft.onlinePeakSinceQuiet;
    },
    get violation() {
      return draft.violation;
    },
  };
  return {
    config: system.config,
    algorithm: system.algorithm,
    ...(system.recorder === undefined ? {} : { recorder: system.recorder }),
    base,
    draft,
    view: { config: system.config, state },
    random,
    read: (i) => nodes[i] as NodeState,
    write: (i) => {
      const node = draft.nodes[i] as NodeDraft;
      nodes[i] = node as NodeState;
      return node;
    },
  };
}
