import type { Config, ContractViolation, NodeIndex, NodeState, Role, State } from '../model/index.ts';
import { readJson, writeJson } from './jsonWords.ts';
import { WordReader, WordWriter } from './words.ts';

/**
 * A supernode state packed into 32-bit words, and back: how the explorer keeps a level of states
 * (one typed array instead of a graph of objects, which the garbage collector never has to trace
 * and which crosses to a worker thread as bytes) and how it names a state (the key words, hashed
 * into the visited set's fingerprint).
 *
 * The layout is fixed by the configuration, so no field needs a name:
 * - words 0 and 1, the header, are the absolute tick and the tick of the contract violation. They
 *   are kept so that a decoded state is the state itself, but they are not part of the key: timers
 *   count the ticks that remain (`Clocks`), so the absolute tick matters only to the quiet clock,
 *   kept as elapsed quiet ticks. This assumes the algorithm does not read `view.state.tick`; none
 *   of the built-ins does. An algorithm that does must be explored with `keepTick`, and its state
 *   space then grows with every tick.
 * - from `keyStart` on, the key: the quiet clock as elapsed quiet ticks (−1 before the quiet
 *   phase; with `keepTick`, the tick and `quietSince` themselves), traffic, the random stream, each
 *   node (role code and fields, wish, attempt, retry delay, host cache), the five clocks, the login
 *   queue, belief and capacity at plan, the memory (jsonWords.ts), the tick counters, the online
 *   peak and the violation: every field that can change the future or a verdict. The random
 *   stream's state is kept: an algorithm that draws random numbers makes states that differ only in
 *   how many were drawn, and their futures differ.
 *
 * Decoding gives a new plain state that the caller owns and may change in place. The only
 * difference from the state that was encoded is the order of fields in objects inside `memory`.
 */
export interface StateCodec {
  /** The first word of the key; the words before it are the header. */
  readonly keyStart: number;
  /** Writes the state's words into `out`, from its start (it resets `out`). */
  encode(state: State, out: WordWriter): void;
  /** The state packed in `words[start, end)`. */
  decode(words: Int32Array, start: number, end: number): State;
}

const roleCodes = { offline: 0, booting: 1, connecting: 2, awaitingLogin: 3, ordinary: 4, supernode: 5 } as const;
const clockNames = ['uptime', 'history', 'retryTicks', 'roleTicks', 'rebootInTicks', 'signalling'] as const;
const counterNames = ['probes', 'admissions', 'loginAttempts', 'logins', 'shedChildren', 'shutdowns'] as const;

export function stateCodec(config: Config, keepTick = false): StateCodec {
  const nodeCount = config.nodes.length;
  const encode = (state: State, out: WordWriter): void => {
    const indices = (list: readonly NodeIndex[], what: string) => {
      out.int(list.length, what);
      for (const i of list) out.int(i, what);
    };
    out.reset();
    out.int(state.tick, 'tick');
    out.int(state.violation?.tick ?? 0, 'violation.tick');
    if (keepTick) {
      out.int(state.tick, 'tick');
      out.int(state.quietSince, 'quietSince');
    } else out.int(state.quietSince < 0 ? -1 : state.tick - state.quietSince, 'quiet ticks');
    out.int(state.usagePercent, 'usagePercent');
    out.int(state.rng, 'rng');
    for (const node of state.nodes) writeNode(out, node, indices);
    for (const name of clockNames) {
      const clock = state.clocks[name];
      for (let i = 0; i < nodeCount; i++) out.int(clock[i] as number, 'a clock');
    }
    indices(state.loginQueue, 'loginQueue');
    out.int(state.belief.supernodes, 'belief.supernodes');
    out.int(state.belief.freeSlots, 'belief.freeSlots');
    out.int(state.capacityAtPlan.supernodes, 'capacityAtPlan.supernodes');
    out.int(state.capacityAtPlan.freeSlots, 'capacityAtPlan.freeSlots');
    writeJson(out, state.memory);
    for (const name of counterNames) out.int(state.lastTick[name], 'a lastTick counter');
    out.int(state.onlinePeakSinceQuiet, 'onlinePeakSinceQuiet');
    writeViolation(out, state.violation, indices);
  };

  const decode = (words: Int32Array, start: number, end: number): State => {
    const input = new WordReader(words, start);
    const tick = input.int();
    const violationTick = input.int();
    let quietSince: number;
    if (keepTick) {
      input.int();
      quietSince = input.int();
    } else {
      const quietTicks = input.int();
      quietSince = quietTicks < 0 ? -1 : tick - quietTicks;
    }
    const usagePercent = input.int();
    const rng = input.uint();
    const nodes: NodeState[] = [];
    for (let i = 0; i < nodeCount; i++) nodes.push(readNode(input));
    const clock = () => {
      const values: number[] = [];
      for (let i = 0; i < nodeCount; i++) values.push(input.int());
      return values;
    };
    const clocks = {
      uptime: clock(),
      history: clock(),
      retryTicks: clock(),
      roleTicks: clock(),
      rebootInTicks: clock(),
      signalling: clock(),
    };
    const loginQueue = readIndices(input);
    const belief = { supernodes: input.int(), freeSlots: input.int() };
    const capacityAtPlan = { supernodes: input.int(), freeSlots: input.int() };
    const memory = readJson(input);
    const lastTick = {
      probes: input.int(),
      admissions: input.int(),
      loginAttempts: input.int(),
      logins: input.int(),
      shedChildren: input.int(),
      shutdowns: input.int(),
    };
    const onlinePeakSinceQuiet = input.int();
    const violation = readViolation(input, violationTick);
    if (input.position !== end) {
      throw new Error(`stormcheck internal error: a packed state of ${end - start} words decoded from ${input.position - start}`);
    }
    return {
      tick,
      usagePercent,
      quietSince,
      rng,
      nodes,
      clocks,
      loginQueue,
      belief,
      capacityAtPlan,
      memory,
      lastTick,
      onlinePeakSinceQuiet,
      violation,
    };
  };
  return { keyStart: 2, encode, decode };
}

type WriteIndices = (list: readonly NodeIndex[], what: string) => void;

function writeNode(out: WordWriter, node: NodeState, indices: WriteIndices): void {
  const { role } = node;
  out.int(roleCodes[role.kind], 'role');
  if (role.kind === 'booting') out.int(role.machine ? 1 : 0, 'role.machine');
  else if (role.kind === 'awaitingLogin') out.int(role.supernode, 'role.supernode');
  else if (role.kind === 'ordinary') out.int(role.parent, 'role.parent');
  else if (role.kind === 'supernode') indices(role.children, 'role.children');
  out.int(node.wantsOnline ? 1 : 0, 'wantsOnline');
  out.int(node.attempt, 'attempt');
  out.int(node.retryDelay, 'retryDelay');
  indices(node.hostCache, 'hostCache');
}

function readNode(input: WordReader): NodeState {
  const role = readRole(input);
  const wantsOnline = input.int() === 1;
  const attempt = input.int();
  const retryDelay = input.int();
  return { role, wantsOnline, hostCache: readIndices(input), attempt, retryDelay };
}

function readRole(input: WordReader): Role {
  const code = input.int();
  switch (code) {
    case roleCodes.offline:
      return { kind: 'offline' };
    case roleCodes.booting:
      return { kind: 'booting', machine: input.int() === 1 };
    case roleCodes.connecting:
      return { kind: 'connecting' };
    case roleCodes.awaitingLogin:
      return { kind: 'awaitingLogin', supernode: input.int() as NodeIndex };
    case roleCodes.ordinary:
      return { kind: 'ordinary', parent: input.int() as NodeIndex };
    case roleCodes.supernode:
      return { kind: 'supernode', children: readIndices(input) };
    default:
      throw new Error(`stormcheck internal error: packed role code ${code} is unknown`);
  }
}

function readIndices(input: WordReader): NodeIndex[] {
  const length = input.int();
  const out: NodeIndex[] = [];
  for (let i = 0; i < length; i++) out.push(input.int() as NodeIndex);
  return out;
}

function writeViolation(out: WordWriter, violation: ContractViolation | null, indices: WriteIndices): void {
  if (violation === null) {
    out.int(0, 'violation');
    return;
  }
  out.int(1, 'violation');
  out.string(violation.rule);
  out.string(violation.message);
  indices(violation.nodes, 'violation.nodes');
}

function readViolation(input: WordReader, tick: number): ContractViolation | null {
  if (input.int() === 0) return null;
  const rule = input.string();
  const message = input.string();
  return { rule, message, tick, nodes: readIndices(input) };
}

/** A state's key words as a string, for symmetry's least renaming (symmetry.ts) and for tests. */
export function supernodeKey(config: Config, state: State, keepTick = false): string {
  const codec = stateCodec(config, keepTick);
  const words = new WordWriter();
  codec.encode(state, words);
  return words.words.subarray(codec.keyStart, words.length).join(',');
}
