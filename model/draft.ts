import type { Draft } from 'immer';
import type { AllocationAlgorithm, NetworkView, Random } from './algorithm.ts';
import { clonePlain, freezePlain } from './clone.ts';
import type { Config } from './config.ts';
import type { DecisionRecorder } from './decision.ts';
import type { NodeIndex } from './ids.ts';
import { randomOn } from './random.ts';
import type { NodeState, State } from './state.ts';

/** The state as a transition recipe sees it: an immer draft, or a plain mutable copy. */
export type StateDraft = Draft<State>;
export type NodeDraft = StateDraft['nodes'][number];
export type ClockName = keyof State['clocks'];

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
 *
 * Under immer, `write` does not hand out a proxy either: the node is copied once into a plain
 * object and stored whole (with the nodes array, copied once), so the step's writes to it cost
 * what they cost on the mutable path, and immer still shares every node the step leaves alone.
 * The clocks are kept the same way: the first `setClock` of a step stores a plain clocks object
 * whose arrays are the base state's, and each array is copied when first changed, so a tick that
 * leaves most clocks saturated or at 0 copies few of them. What a step builds and stores whole
 * (those copies, and a tick's counters through `fresh`) is frozen by `seal` when the step ends:
 * what immer's auto-freeze does, without immer's walk over every new value.
 */
export interface StepContext extends System {
  /** The state the step started from: plain, never changed. */
  readonly base: State;
  readonly draft: StateDraft;
  /** The state as the algorithm sees it: current, read-only, and without proxies for unchanged nodes. */
  readonly view: NetworkView;
  /**
   * Where every random choice of the step comes from, the model's and the algorithm's: the state's
   * own stream (`State.rng`) unless the step was given a chooser, as the explorer gives one
   * that enumerates every choice and replay one that repeats the recorded draws.
   */
  readonly random: Random;
  read(i: NodeIndex): NodeState;
  write(i: NodeIndex): NodeDraft;
  /** Node `i`'s clock `name` as the step stands. */
  clock(name: ClockName, i: NodeIndex): number;
  /** Sets node `i`'s clock `name`; under immer, off the proxies (see above). */
  setClock(name: ClockName, i: NodeIndex, value: number): void;
  /** The login queue, to change: under immer, a plain copy made on the first call (see above). */
  queue(): NodeIndex[];
  /** `value`, built by this step and about to be stored whole; under immer it is frozen by `seal`. */
  fresh<T extends object>(value: T): T;
  /** Ends the step: under immer, freezes what `write` and `fresh` gave out. */
  seal(): void;
}

/**
 * A context over `draft`, which is either an immer draft of `base` or (when `draft === base`) a
 * plain copy being changed in place. This runs once a step, so both are classes: their methods are
 * made once, not as closures on every step.
 */
export function stepContext(system: System, base: State, draft: StateDraft, random?: Random): StepContext {
  return (base as unknown) === draft
    ? new InPlaceStep(system, base, random ?? randomOn(draft))
    : new ImmerStep(system, base, draft, random);
}

/** A step on a plain copy: `read` and `write` both give the copy's own node. */
class InPlaceStep implements StepContext {
  readonly config: Config;
  readonly algorithm: AllocationAlgorithm;
  readonly recorder: DecisionRecorder | undefined;
  readonly draft: StateDraft;
  readonly view: NetworkView;

  constructor(
    system: System,
    readonly base: State,
    readonly random: Random,
  ) {
    this.config = system.config;
    this.algorithm = system.algorithm;
    this.recorder = system.recorder;
    this.draft = base as StateDraft;
    this.view = { config: system.config, state: base };
  }

  read(i: NodeIndex): NodeState {
    return this.base.nodes[i] as NodeState;
  }

  write(i: NodeIndex): NodeDraft {
    return this.draft.nodes[i] as NodeDraft;
  }

  clock(name: ClockName, i: NodeIndex): number {
    return this.base.clocks[name][i] as number;
  }

  setClock(name: ClockName, i: NodeIndex, value: number): void {
    this.draft.clocks[name][i] = value;
  }

  queue(): NodeIndex[] {
    return this.draft.loginQueue;
  }

  fresh<T extends object>(value: T): T {
    return value;
  }

  seal(): void {}
}

/** A step on an immer draft; see `StepContext` for why `write` copies a node instead of drafting it. */
class ImmerStep implements StepContext {
  readonly config: Config;
  readonly algorithm: AllocationAlgorithm;
  readonly recorder: DecisionRecorder | undefined;
  readonly view: NetworkView;
  /** The nodes as the step stands: `base`'s array until `write` copies it and then a node. */
  private nodes: NodeState[];
  /** The plain clocks object the step stores, once it changes a clock. */
  private clocks: StateDraft['clocks'] | undefined;
  /** The plain login queue the step stores, once it changes the queue. */
  private loginQueue: NodeIndex[] | undefined;
  private readonly built: object[] = [];
  readonly random: Random;
  /**
   * The stream as the step stands, when the step draws from the state's own: a plain holder, stored
   * into the draft once by `seal`, since a draw through the proxy costs an immer write each (and a
   * host-cache refresh on a large network draws hundreds).
   */
  readonly stream = { rng: 0 };

  constructor(
    system: System,
    readonly base: State,
    readonly draft: StateDraft,
    random: Random | undefined,
  ) {
    this.config = system.config;
    this.algorithm = system.algorithm;
    this.recorder = system.recorder;
    this.stream.rng = base.rng;
    this.random = random ?? randomOn(this.stream);
    this.nodes = base.nodes as NodeState[];
    this.view = { config: system.config, state: new LiveView(draft, this) };
  }

  read(i: NodeIndex): NodeState {
    return this.nodes[i] as NodeState;
  }

  write(i: NodeIndex): NodeDraft {
    if (this.nodes === this.base.nodes) {
      this.nodes = this.base.nodes.slice();
      this.draft.nodes = this.nodes as NodeDraft[];
    }
    let node = this.nodes[i] as NodeState;
    if (node === this.base.nodes[i]) {
      node = clonePlain(node);
      this.nodes[i] = node;
    }
    return node as NodeDraft;
  }

  /** The clocks as the step stands, plain. */
  get currentClocks(): State['clocks'] {
    return this.clocks ?? this.base.clocks;
  }

  /** The nodes as the step stands, plain. */
  get currentNodes(): readonly NodeState[] {
    return this.nodes;
  }

  clock(name: ClockName, i: NodeIndex): number {
    return this.currentClocks[name][i] as number;
  }

  setClock(name: ClockName, i: NodeIndex, value: number): void {
    if (this.clock(name, i) === value) return;
    if (this.clocks === undefined) {
      this.clocks = this.fresh({ ...(this.base.clocks as StateDraft['clocks']) });
      this.draft.clocks = this.clocks;
    }
    let times = this.clocks[name];
    if (times === this.base.clocks[name]) {
      times = [...times];
      this.clocks[name] = times;
    }
    times[i] = value;
  }

  /** The login queue as the step stands, plain. */
  get currentQueue(): readonly NodeIndex[] {
    return this.loginQueue ?? this.base.loginQueue;
  }

  queue(): NodeIndex[] {
    if (this.loginQueue === undefined) {
      this.loginQueue = this.fresh([...this.base.loginQueue]);
      this.draft.loginQueue = this.loginQueue;
    }
    return this.loginQueue;
  }

  fresh<T extends object>(value: T): T {
    this.built.push(value);
    return value;
  }

  seal(): void {
    if (this.stream.rng !== this.base.rng) this.draft.rng = this.stream.rng;
    if (this.nodes !== this.base.nodes) freezePlain(this.nodes);
    for (const value of this.built) freezePlain(value);
  }
}

/** Every field of a state, for `LiveView.toJSON`: a field of `State` left out here is a type error. */
const stateFields = Object.keys({
  tick: 0,
  usagePercent: 0,
  quietSince: 0,
  rng: 0,
  nodes: 0,
  clocks: 0,
  loginQueue: 0,
  belief: 0,
  capacityAtPlan: 0,
  memory: 0,
  lastTick: 0,
  onlinePeakSinceQuiet: 0,
  violation: 0,
} satisfies Record<keyof State, 0>) as (keyof State)[];

/**
 * The algorithm's picture during an immer step: the nodes and clocks as the step stands, plain,
 * every other field read through to the draft. The fields are getters on the prototype, so that a
 * step makes one small object for it, not a closure per field; `toJSON` copies them all.
 */
class LiveView implements State {
  readonly #draft: StateDraft;
  readonly #step: ImmerStep;

  constructor(draft: StateDraft, step: ImmerStep) {
    this.#draft = draft;
    this.#step = step;
  }

  get tick() {
    return this.#draft.tick;
  }
  get usagePercent() {
    return this.#draft.usagePercent;
  }
  get quietSince() {
    return this.#draft.quietSince;
  }
  get rng() {
    return this.#step.stream.rng;
  }
  get nodes() {
    return this.#step.currentNodes;
  }
  get clocks() {
    return this.#step.currentClocks;
  }
  get loginQueue() {
    return this.#step.currentQueue;
  }
  get belief() {
    return this.#draft.belief;
  }
  get capacityAtPlan() {
    return this.#draft.capacityAtPlan;
  }
  get memory() {
    return this.#draft.memory as State['memory'];
  }
  get lastTick() {
    return this.#draft.lastTick;
  }
  get onlinePeakSinceQuiet() {
    return this.#draft.onlinePeakSinceQuiet;
  }
  get violation() {
    return this.#draft.violation;
  }

  toJSON(): State {
    return Object.fromEntries(stateFields.map((field) => [field, this[field]])) as unknown as State;
  }
}
