import type { Config, ContractViolation, NodeIndex, NodeState, Role, State } from '../model/index.ts';
import { saturatingAttempt } from '../properties/lints.ts';
import type { HistoryField } from '../properties/property.ts';
import { readJson, writeJson } from './jsonWords.ts';
import { WordReader, WordWriter } from './words.ts';

/**
 * A supernode state packed into 32-bit words, and back: how the explorer keeps a level of states
 * (one typed array instead of a graph of objects, which the garbage collector never has to trace
 * and which crosses to a worker thread as bytes) and how it names a state (the key words, hashed
 * into the visited set's fingerprint).
 *
 * The layout is fixed by the configuration, so no field needs a name:
 * - words 0 to 2, the header, are the absolute tick, the tick of the contract violation and the
 *   random stream. They are kept so that a decoded state is the state itself, but they are not part
 *   of the key. The stream is not, because the explorer resolves every random choice as a branch
 *   of its own (choices.ts) and never advances it: it holds the value the settle phase left in
 *   every state of a search, and a draw's value, not the stream, is what reaches the future. The
 *   history fields no selected property reads follow (`HistoryField`: the last tick's counters,
 *   the plan's belief and the capacity at the plan). No transition reads them (the counters are
 *   reset when a tick begins, belief and capacity overwritten by every plan) and no built-in
 *   algorithm does, so they change no future; a property that reads one says so
 *   (`Property.readsHistory`), and it is keyed then. An algorithm that reads one in its view must
 *   be explored with every property that reads it selected, as with `keepTick`. Timers
 *   count the ticks that remain (`Clocks`), so the absolute tick matters only to the quiet clock,
 *   kept as elapsed quiet ticks. This assumes the algorithm does not read `view.state.tick`; none
 *   of the built-ins does. An algorithm that does must be explored with `keepTick`, and its state
 *   space then grows with every tick.
 * - from `keyStart` on, the key: the quiet clock as elapsed quiet ticks (−1 before the quiet
 *   phase; with `keepTick`, the tick and `quietSince` themselves), traffic, each
 *   node (role code and fields, wish, attempt, retry delay, host cache), the five clocks, the login
 *   queue, the memory (jsonWords.ts), the history fields a selected property reads, the online
 *   peak and the violation: every field that can change the future or a verdict.
 *
 * Decoding gives a new plain state that the caller owns and may change in place. The only
 * difference from the state that was encoded is the order of fields in objects inside `memory`.
 */
export interface StateCodec {
  /** The first word of the key; the words before it are the header. */
  readonly keyStart: number;
  /** Writes the state's words into `out`, from its start (it resets `out`). */
  encode(state: State, out: WordWriter): void;
  /** Writes the state's words after those in `out` already: how a step's successors are packed end to end. */
  append(state: State, out: WordWriter): void;
  /** The state packed in `words[start, end)`. */
  decode(words: Int32Array, start: number, end: number): State;
}

const roleCodes = { offline: 0, booting: 1, connecting: 2, awaitingLogin: 3, ordinary: 4, supernode: 5 } as const;
const counterNames = ['probes', 'admissions', 'loginAttempts', 'logins', 'shedChildren', 'shutdowns'] as const;

/** Every history field, in the order the codec packs them. */
export const historyFields: readonly HistoryField[] = [...counterNames, 'belief', 'capacityAtPlan'];

/** The history fields `properties` read: what a search of them keys on. */
export function historyRead(properties: readonly { readonly readsHistory?: readonly HistoryField[] }[]): ReadonlySet<HistoryField> {
  return new Set(properties.flatMap((p) => p.readsHistory ?? []));
}

/**
 * The history fields as ten numbers, one slot each in this order: the counters, then belief's and
 * the capacity's two figures. Packing reads and writes them through fixed slots rather than by
 * field name, so that every access is to a known property (keyed access by a name in a variable
 * showed in the search's profiles).
 */
const historySlotLabels = [
  ...counterNames.map((name) => `lastTick.${name}`),
  'belief.supernodes',
  'belief.freeSlots',
  'capacityAtPlan.supernodes',
  'capacityAtPlan.freeSlots',
];

/** The slots of `fields`, in `historyFields` order. */
function historySlots(fields: readonly HistoryField[]): Int32Array {
  return Int32Array.from(
    historyFields.flatMap((field, k) => {
      if (!fields.includes(field)) return [];
      return field === 'belief' ? [6, 7] : field === 'capacityAtPlan' ? [8, 9] : [k];
    }),
  );
}

function historyOf(state: State, into: number[]): void {
  const { lastTick, belief, capacityAtPlan } = state;
  into[0] = lastTick.probes;
  into[1] = lastTick.admissions;
  into[2] = lastTick.loginAttempts;
  into[3] = lastTick.logins;
  into[4] = lastTick.shedChildren;
  into[5] = lastTick.shutdowns;
  into[6] = belief.supernodes;
  into[7] = belief.freeSlots;
  into[8] = capacityAtPlan.supernodes;
  into[9] = capacityAtPlan.freeSlots;
}

function writeHistory(out: WordWriter, history: readonly number[], slots: Int32Array): void {
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k] as number;
    out.int(history[slot] as number, historySlotLabels[slot] as string);
  }
}

function readHistory(input: WordReader, into: number[], slots: Int32Array): void {
  for (let k = 0; k < slots.length; k++) into[slots[k] as number] = input.int();
}

/**
 * `keyed`: the history fields in the key, all by default; the others are packed in the header.
 */
export function stateCodec(config: Config, keepTick = false, keyed: ReadonlySet<HistoryField> = new Set(historyFields)): StateCodec {
  const nodeCount = config.nodes.length;
  const inKey = historySlots(historyFields.filter((f) => keyed.has(f)));
  const inHeader = historySlots(historyFields.filter((f) => !keyed.has(f)));
  const attemptKey = keepTick ? (attempt: number) => attempt : attemptKeyOf(config);
  // The history of the state being packed or unpacked: one array for the codec, as a call uses it
  // and is done with it before the next.
  const history = historySlotLabels.map(() => 0);
  const append = (state: State, out: WordWriter): void => {
    out.int(state.tick, 'tick');
    out.int(state.violation?.tick ?? 0, 'violation.tick');
    out.int(state.rng, 'rng');
    historyOf(state, history);
    writeHistory(out, history, inHeader);
    if (keepTick) {
      out.int(state.tick, 'tick');
      out.int(state.quietSince, 'quietSince');
    } else out.int(state.quietSince < 0 ? -1 : state.tick - state.quietSince, 'quiet ticks');
    out.int(state.usagePercent, 'usagePercent');
    for (const node of state.nodes) writeNode(out, node, attemptKey);
    // Each clock by its name, in the order `decode` reads them, not by a loop over the names: a
    // load by a name in a variable showed in the search's profiles.
    const { clocks } = state;
    writeClock(out, clocks.uptime, nodeCount);
    writeClock(out, clocks.history, nodeCount);
    writeClock(out, clocks.retryTicks, nodeCount);
    writeClock(out, clocks.roleTicks, nodeCount);
    writeClock(out, clocks.rebootInTicks, nodeCount);
    writeClock(out, clocks.signalling, nodeCount);
    writeIndices(out, state.loginQueue, 'loginQueue');
    writeJson(out, state.memory);
    writeHistory(out, history, inKey);
    out.int(state.onlinePeakSinceQuiet, 'onlinePeakSinceQuiet');
    writeViolation(out, state.violation);
  };

  const decode = (words: Int32Array, start: number, end: number): State => {
    const input = new WordReader(words, start);
    const tick = input.int();
    const violationTick = input.int();
    const rng = input.uint();
    history.fill(0);
    readHistory(input, history, inHeader);
    let quietSince: number;
    if (keepTick) {
      input.int();
      quietSince = input.int();
    } else {
      const quietTicks = input.int();
      quietSince = quietTicks < 0 ? -1 : tick - quietTicks;
    }
    const usagePercent = input.int();
    const nodes: NodeState[] = [];
    for (let i = 0; i < nodeCount; i++) nodes.push(readNode(input));
    const clocks = {
      uptime: readClock(input, nodeCount),
      history: readClock(input, nodeCount),
      retryTicks: readClock(input, nodeCount),
      roleTicks: readClock(input, nodeCount),
      rebootInTicks: readClock(input, nodeCount),
      signalling: readClock(input, nodeCount),
    };
    const loginQueue = readIndices(input);
    const memory = readJson(input);
    readHistory(input, history, inKey);
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
      belief: { supernodes: history[6] as number, freeSlots: history[7] as number },
      capacityAtPlan: { supernodes: history[8] as number, freeSlots: history[9] as number },
      memory,
      lastTick: {
        probes: history[0] as number,
        admissions: history[1] as number,
        loginAttempts: history[2] as number,
        logins: history[3] as number,
        shedChildren: history[4] as number,
        shutdowns: history[5] as number,
      },
      onlinePeakSinceQuiet,
      violation,
    };
  };
  const encode = (state: State, out: WordWriter): void => {
    out.reset();
    append(state, out);
  };
  return { keyStart: 3 + inHeader.length, encode, append, decode };
}

function writeIndices(out: WordWriter, list: readonly NodeIndex[], what: string): void {
  out.int(list.length, what);
  for (const i of list) out.int(i, what);
}

function writeClock(out: WordWriter, clock: readonly number[], nodeCount: number): void {
  for (let i = 0; i < nodeCount; i++) out.int(clock[i] as number, 'a clock');
}

function readClock(input: WordReader, nodeCount: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < nodeCount; i++) values.push(input.int());
  return values;
}

/**
 * A node's count of failed attempts grows without bound while it cannot attach, and with it the
 * state space: the key holds a representative instead, equal to the count below `from` and then
 * repeating with period `period`. The built-ins read the count only through thresholds below
 * `from` (the backoff's ceiling saturates at `saturatingAttempt`, B4 walks its cache of
 * `hostCacheMax` entries, healing's shedding looks for 0) and modulo a rotation of at most
 * `hostCacheMax + 1` candidates, whose lengths all divide `period`: two counts with one
 * representative have the same future and the same verdicts. A decoded state holds the
 * representative. An algorithm that reads the count otherwise must be explored with `keepTick`,
 * which keeps it exactly, as it keeps the tick.
 */
export function attemptKeyOf(config: Pick<Config, 'backoffCapTicks' | 'backoffBaseTicks' | 'hostCacheMax'>): (attempt: number) => number {
  const from = Math.max(saturatingAttempt(config), config.hostCacheMax + 1);
  let period = 1;
  for (let length = 2; length <= config.hostCacheMax + 1; length++) period = lcm(period, length);
  return (attempt) => (attempt < from ? attempt : from + ((attempt - from) % period));
}

function lcm(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}

function writeNode(out: WordWriter, node: NodeState, attemptKey: (attempt: number) => number): void {
  const { role } = node;
  switch (role.kind) {
    case 'offline':
      out.int(roleCodes.offline, 'role');
      break;
    case 'booting':
      out.int(roleCodes.booting, 'role');
      out.int(role.machine ? 1 : 0, 'role.machine');
      break;
    case 'connecting':
      out.int(roleCodes.connecting, 'role');
      break;
    case 'awaitingLogin':
      out.int(roleCodes.awaitingLogin, 'role');
      out.int(role.supernode, 'role.supernode');
      break;
    case 'ordinary':
      out.int(roleCodes.ordinary, 'role');
      out.int(role.parent, 'role.parent');
      break;
    case 'supernode':
      out.int(roleCodes.supernode, 'role');
      writeIndices(out, role.children, 'role.children');
  }
  out.int(node.wantsOnline ? 1 : 0, 'wantsOnline');
  out.int(attemptKey(node.attempt), 'attempt');
  out.int(node.retryDelay, 'retryDelay');
  writeIndices(out, node.hostCache, 'hostCache');
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

function writeViolation(out: WordWriter, violation: ContractViolation | null): void {
  if (violation === null) {
    out.int(0, 'violation');
    return;
  }
  out.int(1, 'violation');
  out.string(violation.rule);
  out.string(violation.message);
  writeIndices(out, violation.nodes, 'violation.nodes');
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
