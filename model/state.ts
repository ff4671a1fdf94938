import type { NodeIndex } from './ids.ts';

/**
 * What a node is doing. Timers count down the ticks that remain, instead of holding an absolute
 * tick, so that two states that differ only in the clock are the same state: the exhaustive
 * explorer depends on it, and it costs the model nothing.
 */
export type Role =
  /** The client is not running (its user logged out, or a mega slot not deployed yet). */
  | { readonly kind: 'offline' }
  /** The machine is rebooting, or the client restarting after a crash or a self-protective shutdown. */
  | { readonly kind: 'booting'; readonly remainingTicks: number }
  /** Online, looking for a supernode; it probes when `NodeState.retryTicks` reaches 0. */
  | { readonly kind: 'connecting' }
  /** Admitted by `supernode`, holding one of its slots, queued at the login server. */
  | { readonly kind: 'awaitingLogin'; readonly supernode: NodeIndex; readonly remainingTicks: number }
  /** Logged in and attached to `parent`. */
  | { readonly kind: 'ordinary'; readonly parent: NodeIndex }
  /**
   * Serving `children` (ordinary and awaiting-login nodes, in admission order). A warming supernode
   * (`warmupTicks > 0`) is up but not yet useful ([D] Rabbe 2010: "takes some time to become
   * available as a resource").
   */
  | { readonly kind: 'supernode'; readonly children: readonly NodeIndex[]; readonly warmupTicks: number };

export type RoleKind = Role['kind'];

/** The dynamic part of a node. Its static part is `Config.nodes[i]`. */
export interface NodeState {
  readonly role: Role;
  /** Machine uptime in ticks; reset by a reboot, not by a client crash. Saturates at `Config.uptimeMin`. */
  readonly uptime: number;
  /** Ticks the client has been online over its life; survives reboots. Saturates at `Config.historyMin`. */
  readonly history: number;
  readonly wantsOnline: boolean;
  /** Supernodes this node knows, at most `Config.hostCacheMax`; kept across reboots, so it goes stale ([D] registry). */
  readonly hostCache: readonly NodeIndex[];
  /** Consecutive failed attempts to attach; 0 after a success or a fresh start. */
  readonly attempt: number;
  /** Ticks until a connecting node probes again. */
  readonly retryTicks: number;
  /** The delay the algorithm chose after the last failure, kept so the retry discipline can be checked. */
  readonly retryDelay: number;
  /** Ticks until a reboot scheduled by a patch storm; -1 when none is scheduled. */
  readonly rebootInTicks: number;
}

/** What happened in the most recent tick: the counters the retry-storm and login-rate properties read. */
export interface TickCounters {
  /** Supernode probes by connecting nodes. */
  readonly probes: number;
  /** Nodes a supernode admitted, which then queue at the login server. */
  readonly admissions: number;
  /** Log-ins the login server completed. */
  readonly logins: number;
  /** Children dropped by supernodes shedding load. */
  readonly shedChildren: number;
  /** Supernodes that shut themselves down. */
  readonly shutdowns: number;
}

/** The algorithm's own picture of the network, which S5 compares with the ground truth. */
export interface CapacityBelief {
  readonly supernodes: number;
  readonly freeSlots: number;
}

/** A decision the model refused, with the rule it broke. See `contract.ts`. */
export interface ContractViolation {
  readonly rule: string;
  readonly message: string;
  readonly tick: number;
}

/** Any JSON value: what an algorithm may keep between ticks. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * The whole state of the network. Plain JSON data: `JSON.parse(JSON.stringify(state))` is the same
 * state, and steps the same way.
 */
export interface State {
  readonly tick: number;
  /** The day's traffic per client, in percent of normal (domain.md §4.1 `usage`); 100 is a normal day. */
  readonly usagePercent: number;
  /** The tick at which the quiet phase began, or -1 while disruptions may still come. */
  readonly quietSince: number;
  /** The state of the random stream (32 bits); see `random.ts`. */
  readonly rng: number;
  readonly nodes: readonly NodeState[];
  /** Nodes waiting for the login server, first come first served. */
  readonly loginQueue: readonly NodeIndex[];
  /** The algorithm's capacity belief from its last plan. */
  readonly belief: CapacityBelief;
  /**
   * A history variable: the true usable capacity at the moment of that plan, which S5 compares the
   * belief with (after the plan, shedding and promotion have already changed it).
   */
  readonly capacityAtPlan: CapacityBelief;
  /** Whatever the algorithm chose to remember, opaque to the model. */
  readonly memory: Json;
  readonly lastTick: TickCounters;
  /**
   * A history variable (in Abadi and Lamport's sense): the most users online at once since the quiet
   * phase began. It changes nothing in the network; it exists so that "no relapse" is a property of
   * a single state.
   */
  readonly onlinePeakSinceQuiet: number;
  /** The first decision of the algorithm that the model refused, if any. */
  readonly violation: ContractViolation | null;
}

export const noCounters: TickCounters = { probes: 0, admissions: 0, logins: 0, shedChildren: 0, shutdowns: 0 };
