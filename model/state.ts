import type { NodeIndex } from './ids.ts';

/**
 * What a node is doing. A role changes only when the node does something; the timers that count
 * down every tick live in `Clocks`, so that a quiet tick rewrites a few flat arrays instead of every
 * node (under immer that is the difference between copying arrays and copying the network).
 */
export type Role =
  /** The client is not running (its user logged out, or a mega slot not deployed yet). */
  | { readonly kind: 'offline' }
  /**
   * Down for `Clocks.roleTicks` more ticks: the machine rebooting (its uptime restarts), or only the
   * client restarting after a crash or a self-protective shutdown (the machine stays up).
   */
  | { readonly kind: 'booting'; readonly machine: boolean }
  /** Online, looking for a supernode; it probes when `Clocks.retryTicks` reaches 0. */
  | { readonly kind: 'connecting' }
  /** Admitted by `supernode`, holding one of its slots, queued at the login server for `Clocks.roleTicks` more ticks. */
  | { readonly kind: 'awaitingLogin'; readonly supernode: NodeIndex }
  /** Logged in and attached to `parent`. */
  | { readonly kind: 'ordinary'; readonly parent: NodeIndex }
  /**
   * Serving `children` (ordinary and awaiting-login nodes, in admission order). While
   * `Clocks.roleTicks` is above 0 it is warming up: up but not yet useful ([D] Rabbe 2010: "takes
   * some time to become available as a resource").
   */
  | { readonly kind: 'supernode'; readonly children: readonly NodeIndex[] };

export type RoleKind = Role['kind'];

/** The dynamic part of a node that changes only when the node acts. Its static part is `Config.nodes[i]`. */
export interface NodeState {
  readonly role: Role;
  readonly wantsOnline: boolean;
  /** Supernodes this node knows, at most `Config.hostCacheMax`; kept across reboots, so it goes stale ([D] registry). */
  readonly hostCache: readonly NodeIndex[];
  /** Consecutive failed attempts to attach; 0 after a success or a fresh start. */
  readonly attempt: number;
  /** The delay the algorithm chose after the last failure, kept so the retry discipline can be checked. */
  readonly retryDelay: number;
}

/**
 * Every per-node quantity that changes with time, one array per clock, indexed by node. Timers
 * count the ticks that remain rather than holding an absolute tick, so two states that differ only
 * in the clock are the same state, and every value is bounded: the exhaustive explorer relies on both.
 */
export interface Clocks {
  /** Machine uptime in ticks; reset by a reboot, not by a client restart. Saturates at `Config.uptimeMin`. */
  readonly uptime: readonly number[];
  /** Ticks the client has been running over its life; survives reboots. Saturates at `Config.historyMin`. */
  readonly history: readonly number[];
  /** Ticks until a connecting node probes again. */
  readonly retryTicks: readonly number[];
  /** Ticks left in the role: booting until up, awaiting login until timeout, supernode until warm. */
  readonly roleTicks: readonly number[];
  /** Ticks until a reboot scheduled by a patch storm; -1 when none is scheduled. */
  readonly rebootInTicks: readonly number[];
  /**
   * Work a supernode did in the current tick answering probes and admitting clients, in percent of
   * one child's traffic on a normal day (`Config.probeCostPercent`, `Config.joinCostPercent`);
   * 0 again at the start of every tick. Its children's traffic comes on top (`workPercent`).
   */
  readonly signalling: readonly number[];
}

/** What happened in the most recent tick: the counters the retry-storm and login-rate properties read. */
export interface TickCounters {
  /** Supernode probes by connecting nodes. */
  readonly probes: number;
  /** Nodes a supernode admitted, which then queue at the login server. */
  readonly admissions: number;
  /** Log-in attempts that reached the login server; those above `Config.loginRate` failed and retry. */
  readonly loginAttempts: number;
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
  /** The nodes the refused decision was about. */
  readonly nodes: readonly NodeIndex[];
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
  readonly clocks: Clocks;
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

export const noCounters: TickCounters = { probes: 0, admissions: 0, loginAttempts: 0, logins: 0, shedChildren: 0, shutdowns: 0 };
