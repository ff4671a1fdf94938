import { cloneState } from '../model/clone.ts';
import {
  appliesWellFormed,
  type Config,
  describeEvent,
  type Event,
  type EventKind,
  eventProblem,
  indicesOf,
  initialState,
  type NodeState,
  type Random,
  recipe,
  type State,
  type StateDraft,
  type System,
} from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { defaultProperties } from '../properties/registry.ts';
import { PropertyFailure, quietTicksFor, type Start, settleTicksFor, startRun } from '../properties/run.ts';
import { choicesMaxDefault, everyChoice } from './choices.ts';
import { type Fingerprint, fingerprintOfWords } from './fingerprint.ts';
import type { Codec } from './level.ts';
import type { ExplorableModel, ModelProperty } from './model.ts';
import { quietSuffix, suffixMemo } from './quietSuffix.ts';
import { historyRead, type StateCodec, stateCodec } from './stateCodec.ts';
import { symmetryOf } from './symmetry.ts';
import { WordWriter } from './words.ts';

export interface SupernodeModelOptions {
  /** The properties to check; the default verdict's by default. */
  readonly properties?: readonly Property[];
  /** Search from the network settled under the algorithm (default), or from a cold start. */
  readonly start?: Start;
  /** The traffic levels a `usageSpike` may set; 200% (a heavy day) and back to normal by default. */
  readonly usagePercents?: readonly number[];
  /**
   * The event kinds of the alphabet; all by default. A smaller alphabet reaches deeper in the same
   * time, and a trace it finds is shortest among traces made of those kinds only.
   */
  readonly eventKinds?: readonly EventKind[];
  /**
   * Merge states that differ only by a permutation of interchangeable user nodes (see symmetry.ts).
   * Off by default: sound only for an algorithm that treats such nodes alike, and the built-ins do not.
   */
  readonly symmetry?: boolean;
  /** Keep the absolute tick in the key: needed for an algorithm that reads `view.state.tick` (see stateCodec.ts). */
  readonly keepTick?: boolean;
  /**
   * Events to try after those of `alphabetOf`, in this order, leaving out any equal as JSON to one
   * already there: a counterexample's own events, so that a search over this alphabet contains it.
   */
  readonly extraEvents?: readonly Event[];
  /**
   * Where to keep the memo of quiet phases that held (quietSuffix.ts): memory made by
   * `SharedFingerprints.buffer`, shared with the search's workers so that all use one memo. A memo
   * of its own by default.
   */
  readonly suffixMemo?: SharedArrayBuffer;
  /** The resolutions of one step's random choices to enumerate at most (`choicesMaxDefault`); past it the search stops at its 'choices' limit. */
  readonly choicesMax?: number;
}

/**
 * The explorer's action: an event and the random choices its step took (properties/draws.ts), so
 * that each resolution of a step's random choices is a branch of its own (choices.ts).
 */
export interface Branch {
  readonly event: Event;
  readonly draws: readonly number[];
}

/** A branch, the state it leads to, and the fingerprint of that state's key (the codec's words from `keyStart`). */
export interface Successor {
  readonly branch: Branch;
  readonly after: State;
  readonly fingerprint: Fingerprint;
  /**
   * Where `after`'s words are in the buffer `branches` was asked to keep them in, if it was: both
   * or neither. Two fields rather than one span, which would be one more object per successor.
   */
  readonly start?: number;
  readonly end?: number;
}

/** The event kinds `alphabetOf` draws from, in its order: every kind but patch storms and quiet. */
export const alphabetKinds: readonly EventKind[] = ['tick', 'reboot', 'login', 'logout', 'crash', 'usageSpike', 'addMega'];

/** The traffic levels a `usageSpike` of the alphabet sets unless told: a heavy day, and back to normal. */
export const defaultUsagePercents: readonly number[] = [200, 100];

/**
 * The disruption phase as a finite alphabet, in the order the search tries it: time first, then each
 * user's reboot, login and logout, a crash of each single user supernode, each traffic level, and one
 * mega supernode when there are slots. Patch storms are left out: a storm is a set of reboots, which
 * single reboots reach one at a time (except the storm's scheduled, delayed reboots). Quiet is not
 * an action: it begins in every state's continuation.
 */
export function alphabetOf(config: Config, usagePercents: readonly number[] = defaultUsagePercents): Event[] {
  const users = indicesOf(config, 'user').map((_, k) => k);
  return [
    { kind: 'tick' },
    ...users.flatMap((user): Event[] => [
      { kind: 'reboot', user },
      { kind: 'login', user },
      { kind: 'logout', user },
    ]),
    ...users.map((k): Event => ({ kind: 'crash', supernodes: [k] })),
    ...usagePercents.map((percent): Event => ({ kind: 'usageSpike', percent })),
    ...(indicesOf(config, 'mega').length > 0 ? [{ kind: 'addMega', count: 1 } as const] : []),
  ];
}

/**
 * The stormcheck model as an `ExplorableModel`, with the same transition function, the same
 * algorithm interface and the same property registry as random search and replay:
 * - Actions are the events of `alphabetOf` that apply (`applies`), so no transition is a no-op. A
 *   crash ordinal at or past the number of user supernodes is left out: it would wrap around to a
 *   smaller one and reach the same state. Every random choice of an event's step (the model's and
 *   the algorithm's `Random.int`) is a branch: an action is an event with the draws it took
 *   (`Branch`), one for each resolution that leads to a distinct state (choices.ts). The random
 *   stream is then never advanced and is not in the key (stateCodec.ts).
 * - `next` is `stepMutable`: the same recipe as `step` on a plain copy (model/step.ts), the copy
 *   made by `cloneState`. The codec (stateCodec.ts) keys each state and keeps it in its level; it
 *   is left out under symmetry, whose key is that of another state.
 * - Every selected property is checked on every transition. Healing properties hold vacuously
 *   before the quiet phase, so they are checked where they bite, on every state's quiet suffix: the
 *   `quiet` event and then `quietTicksFor(system, properties)` ticks, long enough for every selected bound, as
 *   each random run ends. A healing property is thus verified for every state within the search's
 *   depth, with the network left alone from that state on. The suffix runs only when a healing
 *   property is selected (33 steps a state on tiny, fewer once it settles or reaches a state of a
 *   phase already checked, quietSuffix.ts); safety properties are checked along it too.
 */
export function supernodeModel(system: System, options: SupernodeModelOptions = {}): ExplorableModel<State, Branch> {
  const { config } = system;
  const selected = options.properties ?? defaultProperties;
  // `settles` is judged once, on the state the settle phase ends in: the initial state (`startState`).
  const stepped = selected.filter((p) => p.kind !== 'settling');
  const settled = searchSettleTicks(system, options) > 0;
  const kinds = options.eventKinds;
  const alphabet = alphabetOf(config, options.usagePercents).filter((e) => kinds === undefined || kinds.includes(e.kind));
  const known = new Set(alphabet.map((e) => JSON.stringify(e)));
  // A malformed event never applies (`applies`): leaving it out here lets the search ask the rest
  // `appliesWellFormed`, which skips the check of the event on every state.
  for (const event of options.extraEvents ?? []) {
    if (!known.has(JSON.stringify(event)) && eventProblem(event) === null) alphabet.push(event);
    known.add(JSON.stringify(event));
  }
  const symmetry = options.symmetry === true ? symmetryOf(config) : null;
  const keepTick = options.keepTick === true;
  const anyHealing = stepped.some((p) => p.kind === 'healing');
  const quietTicks = quietTicksFor(system, stepped);
  const codec = stateCodec(config, keepTick, historyRead(selected));
  const { step, branches } = stepsOf(system, codec, options.choicesMax);
  // The search asks for a state's actions and then for the state after each, in turn: the
  // successors found while listing the actions are kept for that, as long as the state is the same,
  // with their words, which the search then keys and keeps without packing them again. `at` is
  // the successor `next` gave last, whose words the search asks for next; the one after it is
  // nearly always the next one asked for.
  let listed: { state: State; successors: readonly Successor[] } | null = null;
  let at = -1;
  const listedWords = new WordWriter();
  const users = indicesOf(config, 'user');
  const successors = (state: State): readonly Successor[] => {
    if (listed?.state === state) return listed.successors;
    let supernodes = 0;
    for (const i of users) if ((state.nodes[i] as NodeState).role.kind === 'supernode') supernodes++;
    listedWords.reset();
    const found: Successor[] = [];
    for (const event of alphabet) {
      if ((event.kind !== 'crash' || (event.supernodes[0] as number) < supernodes) && appliesWellFormed(config, state, event))
        branches(state, event, listedWords, found);
    }
    listed = { state, successors: found };
    at = -1;
    return found;
  };
  const searchCodec: Codec<State> = {
    keyStart: codec.keyStart,
    encode: codec.encode,
    decode: codec.decode,
    packed: (state) => {
      const list = listed?.successors ?? [];
      const found = list[at]?.after === state ? list[at] : list.find((s) => s.after === state);
      if (found?.start === undefined) return undefined;
      return { words: listedWords.words, start: found.start, end: found.end as number, fingerprint: found.fingerprint };
    },
  };
  return {
    name: `supernode(${config.name}, ${system.algorithm.name})`,
    initialStates: () => [startState(system, options)],
    actions: (state) => successors(state).map((s) => s.branch),
    next: (state, branch) => {
      const list = successors(state);
      at = list[at + 1]?.branch === branch ? at + 1 : list.findIndex((s) => s.branch === branch);
      return list[at]?.after ?? step(state, branch.event, drawsTaken(branch.draws));
    },
    key: (state) => packedKey(codec, symmetry === null ? state : symmetry.representative(state)),
    ...(symmetry === null ? { codec: searchCodec } : {}),
    describeAction: describeBranch,
    properties: selected.map((property) => modelProperty(config, property, settled)),
    ...(anyHealing
      ? {
          continuation: quietSuffix(system, stepped, {
            ticks: quietTicks,
            shortcut: !keepTick,
            branches,
            memo: suffixMemo(codec, options.suffixMemo),
          }),
        }
      : {}),
  };
}

/**
 * The model's step on a copy, and `branches`: every resolution of the random choices of
 * `event`'s step from `state` that leads to a distinct state (by key), in the order choices.ts tries
 * them; the first draws that reach a state name its branch. Given `keep`, `branches` appends each
 * successor's words to it and says where; given `out`, it appends the successors to that list and
 * returns it. Events must be well formed (`eventProblem`), as the alphabet's, `quiet` and `tick` are.
 *
 * The step copies the state it is given with `cloneState` and changes only that copy: the search
 * never changes a state (states are values to it). A state stepped need not be one a level holds:
 * a quiet phase steps the states its steps made, whose attempt counts may be past their key's
 * representative, which the future does not tell apart (`attemptKeyOf`).
 */
export function stepsOf(system: System, codec: StateCodec, choicesMax = choicesMaxDefault) {
  // `stepMutable` but for the copy, which `cloneState` makes faster than unpacking the state's
  // words again (8% of the search's time on tiny, measured) and ten times faster than `clonePlain`.
  const step = (state: State, event: Event, random: Random): State => {
    if (!appliesWellFormed(system.config, state, event)) return state;
    const copy = cloneState(state);
    recipe(system, copy, copy as StateDraft, event, random);
    return copy;
  };
  const scratch = new WordWriter();
  const branches = (state: State, event: Event, keep?: WordWriter, out: Successor[] = []): Successor[] => {
    const first = out.length;
    // Each successor is packed after those before it in `keep` (or alone in `scratch`) and hashed
    // there, and its words are given back if it repeats one.
    const into = keep ?? scratch;
    everyChoice(
      (random) => step(state, event, random),
      (draws, after) => {
        const start = keep === undefined ? 0 : keep.length;
        if (keep === undefined) scratch.reset();
        codec.append(after, into);
        const fingerprint = fingerprintOfWords(into.words, start + codec.keyStart, into.length);
        // A step has few distinct successors: a scan of them costs less than a set of keys.
        if (repeats(out, first, fingerprint)) into.truncate(start);
        else if (keep === undefined) out.push({ branch: { event, draws }, after, fingerprint });
        else out.push({ branch: { event, draws }, after, fingerprint, start, end: keep.length });
      },
      choicesMax,
    );
    return out;
  };
  return { step, branches };
}

/** Whether one of `out` from `first` on has `fingerprint`. */
function repeats(out: readonly Successor[], first: number, { hi, lo }: Fingerprint): boolean {
  for (let k = first; k < out.length; k++) {
    const known = (out[k] as Successor).fingerprint;
    if (known.hi === hi && known.lo === lo) return true;
  }
  return false;
}

/** A `Random` that answers a branch's draws in order: how a branch is stepped again, off the list. */
function drawsTaken(draws: readonly number[]): Random {
  let p = 0;
  return { int: (bound) => (bound === 1 ? 0 : (draws[p++] ?? 0)) };
}

export function describeBranch({ event, draws }: Branch): string {
  return draws.length === 0 ? describeEvent(event) : `${describeEvent(event)} [${draws.join(',')}]`;
}

/** Ticks of the settle phase the search starts after: see `startState`. */
export function searchSettleTicks(system: System, options: Pick<SupernodeModelOptions, 'start'>): number {
  return settleTicksFor(options.start, system);
}

/**
 * The state the search starts from: the network after its settle phase (properties/run.ts), or the
 * cold start. When a selected property breaks during the settle phase, the search starts from the
 * state it broke in, where it finds the violation at once.
 */
function startState(system: System, options: SupernodeModelOptions): State {
  const settleTicks = searchSettleTicks(system, options);
  if (settleTicks === 0) return initialState(system.config, system.algorithm);
  try {
    return startRun(system, options.properties ?? defaultProperties, settleTicks).state;
  } catch (error) {
    if (error instanceof PropertyFailure) return error.state;
    throw error;
  }
}

function packedKey(codec: StateCodec, state: State): Int32Array {
  const words = new WordWriter();
  codec.encode(state, words);
  return words.take().subarray(codec.keyStart);
}

function modelProperty(config: Config, property: Property, settled: boolean): ModelProperty<State, Branch> {
  if (property.kind === 'settling') {
    // Judged on the initial state only, the end of the settle phase; a cold start has none.
    return {
      name: property.name,
      check: (after, before, branch) =>
        settled && before === null && branch === null
          ? (property.check({ config, before, event: null, after, settled: true })?.message ?? null)
          : null,
    };
  }
  return {
    name: property.name,
    stateOnly: property.readsStep !== true,
    check: (after, before, branch) => property.check({ config, before, event: branch?.event ?? null, after })?.message ?? null,
  };
}
