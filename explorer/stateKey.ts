import type { Json, NodeState, Role, State } from '../model/index.ts';

/**
 * The canonical key of a supernode state: every field that can change the future or a verdict, in
 * a fixed order, with no field names. What is left out, and why:
 * - `tick`. Timers count the ticks that remain (`Clocks`), so the absolute tick matters only to
 *   the quiet clock, which is kept as elapsed quiet ticks (−1 before the quiet phase). This assumes
 *   the algorithm does not read `view.state.tick`; none of the built-ins does. An algorithm that
 *   does must be explored with `keepTick`, and its state space then grows with every tick.
 * - `violation.tick`, for the same reason; the violation's rule, message and nodes are kept.
 * Everything else is kept, the random stream's state `rng` included: an algorithm that draws random
 * numbers makes states that differ only in how many numbers were drawn, and the key must tell them
 * apart because their futures differ.
 *
 * Built with `JSON.stringify` over arrays: simple, and about as fast as stringifying the state. A
 * packed encoding into integers (`StateKey` allows a number array) can replace it behind the same
 * signature.
 */
export function supernodeKey(state: State, keepTick = false): string {
  const quietTicks = state.quietSince < 0 ? -1 : state.tick - state.quietSince;
  const { uptime, history, retryTicks, roleTicks, rebootInTicks } = state.clocks;
  const { belief, capacityAtPlan: actual, lastTick: last, violation } = state;
  return JSON.stringify([
    keepTick ? [state.tick, state.quietSince] : quietTicks,
    state.usagePercent,
    state.rng,
    state.nodes.map(nodeKey),
    [uptime, history, retryTicks, roleTicks, rebootInTicks],
    state.loginQueue,
    [belief.supernodes, belief.freeSlots, actual.supernodes, actual.freeSlots],
    canonicalJson(state.memory),
    [last.probes, last.admissions, last.logins, last.shedChildren, last.shutdowns],
    state.onlinePeakSinceQuiet,
    violation === null ? null : [violation.rule, violation.message, violation.nodes],
  ]);
}

function nodeKey(node: NodeState): Json {
  return [roleKey(node.role), node.wantsOnline ? 1 : 0, node.attempt, node.retryDelay, node.hostCache];
}

/** A role as a code and its fields; children keep their order, which is admission order and matters. */
export function roleKey(role: Role): Json {
  switch (role.kind) {
    case 'offline':
      return [0];
    case 'booting':
      return [1, role.machine ? 1 : 0];
    case 'connecting':
      return [2];
    case 'awaitingLogin':
      return [3, role.supernode];
    case 'ordinary':
      return [4, role.parent];
    case 'supernode':
      return [5, role.children];
  }
}

/**
 * The algorithm's memory with object keys sorted, so that two memories equal as JSON values have
 * one key whatever order their fields were written in. Arrays keep their order. Every object becomes
 * `{ o: [[key, value], …] }`, so no object of the output is an original one and nothing collides.
 */
export function canonicalJson(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonicalJson);
  const object = value as { readonly [key: string]: Json };
  const pairs = Object.keys(object)
    .sort()
    .map((k) => [k, canonicalJson(object[k] as Json)]);
  return { o: pairs };
}
