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
  /** The state packed in `words[start, end)`. */
  decode(words: Int32Array, start: number, end: number): State;
}

const roleCodes = { offline: 0, booting: 1, connecting: 2, awaitingLogin: 3, ordinary: 4, supernode: 5 } as const;
const clockNames = ['uptime', 'history', 'retryTicks', 'roleTicks', 'rebootInTicks', 'signalling'] as const;
const counterNames = ['probes', 'admissions', 'loginAttempts', 'logins', 'shedChildren', 'shutdowns'] as const;

/** Every history field, in the order the codec packs them. */
export const historyFields: readonly HistoryField[] = [...counterNames, 'belief', 'capacityAtPlan'];

/** The history fields `properties` read: what a search of them keys on. */
export function historyRead(properties: readonly { readonly readsHistory?: readonly HistoryField[] }[]): ReadonlySet<HistoryField> {
  return new Set(properties.flatMap((p) => p.readsHistory ?? []));
}

type History = Pick<State, 'lastTick' | 'belief' | 'capacityAtPlan'>;

/** A history field and the names its words go by in an error, worked out once rather than on every encode. */
interface LabelledField {
  readonly field: HistoryField;
  readonly labels: readonly string[];
}

function labelled(fields: readonly HistoryField[]): readonly LabelledField[] {
  return fields.map((field) =>
    field === 'belief' || field === 'capacityAtPlan'
      ? { field, labels: [`${field}.supernodes`, `${field}.freeSlots`] }
      : { field, labels: [`lastTick.${field}`] },
  );
}

function writeHistory(out: WordWriter, state: History, fields: readonly LabelledField[]): void {
  for (const { field, labels } of fields) {
    if (field === 'belief' || field === 'capacityAtPlan') {
      out.int(state[field].supernodes, labels[0] as string);
      out.int(state[field].freeSlots, labels[1] as string);
    } else out.int(state.lastTick[field], labels[0] as string);
  }
}

function readHistory(
  input: WordReader,
  into: { -readonly [K in keyof History]: { -readonly [F in keyof History[K]]: number } },
  fields: readonly LabelledField[],
): void {
  for (const { field } of fields) {
    if (field === 'belief' || field === 'capacityAtPlan') into[field] = { supernodes: input.int(), freeSlots: input.int() };
    else into.lastTick[field] = input.int();
  }
}

/**
 * `keyed`: the history fields in the key, all by default; the others are packed in the header.
 */
export function stateCodec(config: Config, keepTick = false, keyed: ReadonlySet<HistoryField> = new Set(historyFields)): StateCodec {
  const nodeCount = config.nodes.length;
  const inKey = labelled(historyFields.filter((f) => keyed.has(f)));
  const inHeader = labelled(historyFields.filter((f) => !keyed.has(f)));
  const attemptKey = keepTick ? (attempt: number) => attempt : attemptKeyOf(config);
  const encode = (state: State, out: WordWriter): void => {
    out.reset();
    out.int(state.tick, 'tick');
    out.int(state.violation?.tick ?? 0, 'violation.tick');
    out.int(state.rng, 'rng');
    writeHistory(out, state, inHeader);
    if (keepTick) {
      out.int(state.tick, 'tick');
      out.int(state.quietSince, 'quietSince');
    } else out.int(state.quietSince < 0 ? -1 : state.tick - state.quietSince, 'quiet ticks');
    out.int(state.usagePercent, 'usagePercent');
    for (const node of state.nodes) writeNode(out, node, attemptKey);
    for (const name of clockNames) {
      const clock = state.clocks[name];
      for (let i = 0; i < nodeCount; i++) out.int(clock[i] as number, 'a clock');
    }
    writeIndices(out, state.loginQueue, 'loginQueue');
    writeJson(out, state.memory);
    writeHistory(out, state, inKey);
    out.int(state.onlinePeakSinceQuiet, 'onlinePeakSinceQuiet');
    writeViolation(out, state.violation);
  };

  const decode = (words: Int32Array, start: number, end: number): State => {
    const input = new WordReader(words, start);
    const tick = input.int();
    const violationTick = input.int();
    const rng = input.uint();
    const history = {
      lastTick: { probes: 0, admissions: 0, loginAttempts: 0, logins: 0, shedChildren: 0, shutdowns: 0 },
      belief: { supernodes: 0, freeSlots: 0 },
      capacityAtPlan: { supernodes: 0, freeSlots: 0 },
    };
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
      belief: history.belief,
      capacityAtPlan: history.capacityAtPlan,
      memory,
      lastTick: history.lastTick,
      onlinePeakSinceQuiet,
      violation,
    };
  };
  return { keyStart: 3 + inHeader.reduce((words, f) => words + f.labels.length, 0), encode, decode };
}

function writeIndices(out: WordWriter, list: readonly NodeIndex[], what: string): void {
  out.int(list.length, what);
  for (const i of list) out.int(i, what);
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
  out.int(roleCodes[role.kind], 'role');
  if (role.kind === 'booting') out.int(role.machine ? 1 : 0, 'role.machine');
  else if (role.kind === 'awaitingLogin') out.int(role.supernode, 'role.supernode');
  else if (role.kind === 'ordinary') out.int(role.parent, 'role.parent');
  else if (role.kind === 'supernode') writeIndices(out, role.children, 'role.children');
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
