import type { Config } from './config.ts';
import type { NodeIndex } from './ids.ts';
import type { CapacityBelief, Json, State } from './state.ts';

/**
 * A read-only picture of the network, as the algorithm is allowed to see it. `state` is the state
 * as it stands at the moment of the decision (earlier decisions of the same tick included).
 *
 * The view is read-only by type. Mutating it is outside the contract, and under immer it would
 * corrupt the run; the built-in algorithms never do, and neither should yours. Under immer `state`
 * is a live picture whose fields are getters: read them, or `JSON.stringify` it; spreading it
 * (`{ ...view.state }`) does not copy them.
 */
export interface NetworkView {
  readonly config: Config;
  readonly state: State;
}

/** Uniform random integers from the state's seeded stream: the only randomness an algorithm may use. */
export interface Random {
  /** An integer in `[0, bound)`; `bound` must be a positive integer. */
  int(bound: number): number;
}

/** How an overloaded supernode sheds load, once per tick. */
export type Shedding =
  /** Drop these children: they become connecting again and must find another supernode. */
  | { readonly kind: 'drop'; readonly supernode: NodeIndex; readonly children: readonly NodeIndex[] }
  /** The client shuts itself down and restarts ([D] 2010's "protection mechanism"). */
  | { readonly kind: 'shutdown'; readonly supernode: NodeIndex };

/** The algorithm's decisions for one tick, applied after connections and log-ins. */
export interface TickPlan {
  /** What the algorithm believes the usable capacity is; S5 compares it with the ground truth. */
  readonly belief: CapacityBelief;
  /** User nodes to promote to supernode: public, online (connecting or ordinary), not a supernode. */
  readonly promote: readonly NodeIndex[];
  /** User supernodes to demote; their children are orphaned and reconnect. */
  readonly demote: readonly NodeIndex[];
  readonly shed: readonly Shedding[];
  /** Kept in the state and handed back next tick; must be JSON. */
  readonly memory: Json;
}

/**
 * The allocation algorithm under test: the one interface between the model and the policy.
 *
 * The model owns the mechanics (who is up, who holds which slot, timers, the login server); the
 * algorithm owns every choice. Each method must be a pure function of its arguments: no clock, no
 * ambient randomness (draw from `random`), no state outside `memory`, so that every run replays exactly.
 *
 * The model checks every decision against the contract in `contract.ts`. A decision that breaks it
 * is not applied; the first one is recorded in `State.violation`, which the `contract` property
 * reports with the trace that led to it.
 */
export interface AllocationAlgorithm {
  /** A stable name: the CLI, counterexample files and reports use it. */
  readonly name: string;
  /** One paragraph: what this algorithm models and which sources back it. */
  readonly description: string;
  /** Memory at tick 0. */
  initialMemory(config: Config): Json;
  /**
   * The supernode a connecting node probes now: an entry of its host cache or a bootstrap node.
   * `null` means it has no candidate this time, which counts as a failed attempt.
   */
  chooseSupernode(view: NetworkView, node: NodeIndex, random: Random): NodeIndex | null;
  /** Whether `supernode` (up, a supernode) accepts `node` as a child. */
  admit(view: NetworkView, supernode: NodeIndex, node: NodeIndex): boolean;
  /**
   * Ticks until `node` tries again after its `attempt`-th consecutive failure (1-based):
   * an integer from 1 to `config.backoffCapTicks`.
   */
  retryDelay(view: NetworkView, node: NodeIndex, attempt: number, random: Random): number;
  /**
   * The host cache `node` keeps after it reaches the live `supernode`, admitted or not (the admin
   * guide's "updated list of currently active supernodes"): at most `config.hostCacheMax` distinct
   * nodes, not `node` itself. Called before `admit`.
   */
  refreshHostCache(view: NetworkView, node: NodeIndex, supernode: NodeIndex, random: Random): readonly NodeIndex[];
  /** Promotion, demotion, shedding and the capacity belief, once per tick. */
  plan(view: NetworkView, memory: Json, random: Random): TickPlan;
}
