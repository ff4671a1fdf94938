import type { NodeIndex } from './ids.ts';

/**
 * Who runs a node. Bootstrap supernodes are the operator's hard-coded entry points (Skype shipped
 * seven, Baset & Schulzrinne 2006; domain.md §2); mega supernodes are the dedicated instances the
 * operator launched to heal the December 2010 outage (domain.md §1.2). Users are everyone else.
 */
export type NodeKind = 'bootstrap' | 'user' | 'mega';

/** The static attributes of a node: they never change, so they live in the config, not the state. */
export interface NodeSpec {
  readonly kind: NodeKind;
  /** A public address: only such a node can be a supernode ([D] Baset & Schulzrinne; Kaufman). */
  readonly isPublic: boolean;
  /** Children it can serve at normal usage: about 300 in Skype, scaled to 2–12 here (domain.md §4). */
  readonly capacity: number;
  /** Machine uptime at tick 0, in ticks. */
  readonly uptimeInitial: number;
  /** Long-run availability at tick 0, in ticks (survives reboots, like Bremler-Barr's multi-session supernodes). */
  readonly historyInitial: number;
  /** Whether the user (or, for mega slots, the operator) wants the client online at tick 0. */
  readonly wantsOnlineInitial: boolean;
}

/**
 * Everything about a network that does not change during a run. All durations are in ticks.
 *
 * Node order is fixed: bootstrap nodes first, then users, then mega slots. Mega supernodes are
 * pre-allocated, undeployed slots rather than nodes appended at run time, so that the node count,
 * and with it every index in a trace, is fixed for the whole run; the exhaustive explorer relies on
 * that too.
 */
export interface Config {
  readonly name: string;
  readonly nodes: readonly NodeSpec[];
  /** Host-cache entries a node keeps; Skype's is often quoted as 200, unverified (domain.md §2). */
  readonly hostCacheMax: number;
  /** Machine uptime a user node needs before promotion by the uptime criterion (Kaufman; Gnutella). */
  readonly uptimeMin: number;
  /** Long-run availability that makes a node eligible at once after a reboot ([H], domain.md §4.5). */
  readonly historyMin: number;
  /** How long a machine reboot takes before the client starts again. */
  readonly bootTicks: number;
  /** How long a crashed or self-shut-down client takes to restart (2010: "takes some time"). */
  readonly restartTicks: number;
  /** How long a new or restarted supernode needs before it accepts children ([D] Rabbe 2010). */
  readonly warmupTicks: number;
  /** Log-ins the login server admits per tick: the only central component (Baset & Schulzrinne). */
  readonly loginRate: number;
  /** How long a node admitted by a supernode waits for the login server before it gives up. */
  readonly loginTimeoutTicks: number;
  /** The smallest retry delay a backoff uses, and the largest any retry may be. */
  readonly backoffBaseTicks: number;
  readonly backoffCapTicks: number;
  /**
   * The most work a supernode can do in a tick, in percent of its capacity: `capacity` is what it
   * is planned to serve on a normal day, and the margin above it absorbs signalling. Work above
   * this is overload, and the supernode cannot serve every child (`servedSlots`); how it reacts
   * (refuse, drop, shut down) is the algorithm's decision.
   */
  readonly shedHighPercent: number;
  /**
   * Work of answering one probe, in percent of one child's traffic for a tick on a normal day: a
   * reconnecting client's hello, and the host cache sent back ([D] 2007: signalling rose about 3×
   * and contacted peers about 10×, Rossi et al.; 2010: supernode traffic about 100× normal).
   */
  readonly probeCostPercent: number;
  /** Work of admitting one client (handshake, host cache, relay to the login server), in the same unit. */
  readonly joinCostPercent: number;
  /** Ordinary nodes per supernode the network aims for (domain.md §4.3). */
  readonly targetRatio: number;
  /** Seed of the state's random stream (host-cache picks and jitter). */
  readonly seed: number;
}

export function nodeCount(config: Config): number {
  return config.nodes.length;
}

type IndexLists = Readonly<Record<NodeKind, readonly NodeIndex[]>>;
const indicesByKind = new WeakMap<readonly NodeSpec[], IndexLists>();
let lastLists: { readonly nodes: readonly NodeSpec[]; readonly lists: IndexLists } | null = null;

/**
 * Indices of all nodes of one kind, in order. A config never changes, so the lists are worked out
 * once per node list and shared (frozen): the model and the built-in algorithms ask for them on
 * every probe, and a scan of the nodes there made a tick quadratic in the network's size.
 */
export function indicesOf(config: Config, kind: NodeKind): readonly NodeIndex[] {
  // The lists of the config asked for last, ahead of the WeakMap: a search asks of one config only.
  if (lastLists?.nodes === config.nodes) return lastLists.lists[kind];
  let lists = indicesByKind.get(config.nodes);
  if (lists === undefined) {
    const out: Record<NodeKind, NodeIndex[]> = { bootstrap: [], user: [], mega: [] };
    config.nodes.forEach((spec, i) => {
      out[spec.kind].push(i as NodeIndex);
    });
    lists = { bootstrap: Object.freeze(out.bootstrap), user: Object.freeze(out.user), mega: Object.freeze(out.mega) };
    indicesByKind.set(config.nodes, lists);
  }
  lastLists = { nodes: config.nodes, lists };
  return lists[kind];
}

/** An event's ordinal taken modulo a population of `count` (> 0): any integer names someone. */
export function ordinalIn(ordinal: number, count: number): number {
  return ((Math.trunc(ordinal) % count) + count) % count;
}

/** A user addressed by an event: `ordinal` modulo the number of users, so every event stays valid. */
export function userAt(config: Config, ordinal: number): NodeIndex | null {
  const users = indicesOf(config, 'user');
  if (users.length === 0) return null;
  return users[ordinalIn(ordinal, users.length)] as NodeIndex;
}
