import { type Event, type State, type System, sameButTick } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { firstViolation } from '../properties/registry.ts';
import { type Fingerprint, fingerprintOfWords, fingerprintWith } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import type { ContinuationViolation } from './model.ts';
import { SharedFingerprints } from './sharedFingerprints.ts';
import type { StateCodec } from './stateCodec.ts';
import type { Branch, Successor } from './supernodeModel.ts';
import { WordWriter } from './words.ts';

export interface QuietSuffixOptions {
  /** Ticks after the `quiet` event: `quietTicksFor(system, properties)`, as at the end of every random run. */
  readonly ticks: number;
  /**
   * Stop stepping once a tick changes nothing but the clock, whichever way its choices go (see
   * below). Sound only when the algorithm does not read `state.tick`, the assumption the canonical
   * key makes too.
   */
  readonly shortcut: boolean;
  /** Every branch of an event's step from a state: each resolution of its random choices (supernodeModel.ts). */
  readonly branches: (state: State, event: Event) => readonly Successor[];
  /** States from which the rest of a quiet phase is known to hold (see `SuffixMemo`). */
  readonly memo?: SuffixMemo;
}

/**
 * The states of quiet phases already checked to the end with nothing broken, by the fingerprint of
 * the state and the ticks left. Quiet phases from different states soon meet: the network heals
 * into the same few states. Two states with one key and as many ticks left have the same rest of
 * the phase, branch for branch, and the properties judge each step alike: once a phase reaches one
 * recorded here, the rest of it holds and need not be stepped. A violation is never recorded, so
 * the memo only saves work; the verdict is the same without it. A memo that is full stops
 * recording and goes on answering.
 */
export interface SuffixMemo {
  /** The key of `state` with `ticksLeft`; `known` is the fingerprint of the state's key when the caller has it already. */
  fingerprint(state: State, ticksLeft: number, known?: Fingerprint): Fingerprint;
  readonly clean: { has(fingerprint: Fingerprint): boolean; add(fingerprint: Fingerprint): void };
}

const quiet: Event = { kind: 'quiet' };
const tick: Event = { kind: 'tick' };

/**
 * The check of a quiet phase: given a state, it runs the phase from it (the `quiet` event, then
 * `options.ticks` ticks) down every branch of its random choices, depth first, and checks every
 * selected property after each step, as a random run's quiet phase does on the one branch its seed
 * takes. The phase is bounded, so the branches form a finite tree; the memo merges its equal
 * subtrees. The first violation in the tree's order is returned with the branches that lead to it.
 *
 * Most suffixes settle long before they end: on `tiny`, four in five reach a state that a tick
 * leaves unchanged but for `tick` within 16 of their 32 ticks. From such a fixed point (every
 * branch of the tick gives the state again) every later tick gives the same state again, because no
 * transition and no built-in algorithm reads the absolute tick; so the rest of the suffix is the
 * same state with the clock advanced, and only the properties, whose healing bounds count quiet
 * ticks, need to see it. Skipping those steps more than halves the cost of a suffix.
 *
 * The tree can be large (every branch of every tick's choices, on small), so `outOfTime` is asked
 * before every step, and 'time' is the answer once it says so; the subtrees left unfinished are not
 * recorded in the memo.
 */
export function quietSuffix(
  system: System,
  selected: readonly Property[],
  options: QuietSuffixOptions,
): (state: State, outOfTime?: () => boolean) => ContinuationViolation<Branch> | null | 'time' {
  // A settled tick gives the state before it with the clock advanced. A safety property that reads
  // the state alone reads no clock (property.ts, `PropertyKind`), and it held on that state a step
  // ago: only the others can break on such a tick.
  const onSettled = selected.filter((p) => p.kind !== 'safety' || p.readsStep === true);
  // A state the memo knows held from its first visit on, when every property was asked of it or of
  // the state it equals but for the clock (the key holds what a property reads): on reaching it
  // again, only the properties that read the step can break.
  const intoKnown = selected.filter((p) => p.readsStep === true);
  return (state, outOfTime) => quietSuffixFrom(system, { selected, onSettled, intoKnown }, options, state, outOfTime);
}

/** The properties a step of a quiet phase asks: all selected, or those that can break on a settled tick, or on reaching a known state. */
interface Asked {
  readonly selected: readonly Property[];
  readonly onSettled: readonly Property[];
  readonly intoKnown: readonly Property[];
}

function quietSuffixFrom(
  system: System,
  asked: Asked,
  options: QuietSuffixOptions,
  state: State,
  outOfTime?: () => boolean,
): ContinuationViolation<Branch> | null | 'time' {
  const { config } = system;
  const { memo } = options;
  const path: Branch[] = [];
  // `fingerprint`: the memo's key of `before` with its ticks left, when the caller worked it out.
  const visit = (before: State, k: number, settled: boolean, fingerprint?: Fingerprint): ContinuationViolation<Branch> | null => {
    if (k > options.ticks) return null;
    if (outOfTime?.() === true) throw cut;
    const event = k === 0 ? quiet : tick;
    // Settled, a tick changes only the clock; the key counts elapsed quiet ticks, so it is worked out afresh.
    const successors: readonly { branch: Branch; after: State; fingerprint?: Fingerprint }[] = settled
      ? [{ branch: { event, draws: [] }, after: { ...before, tick: before.tick + 1 } }]
      : options.branches(before, event);
    const fixed = settled || (options.shortcut && k > 0 && successors.every((s) => sameButTick(before, s.after)));
    for (const { branch, after, fingerprint: afterKey } of successors) {
      path.push(branch);
      // `afterKey`: the fingerprint of `after`'s key, which `branches` worked out when it made the state.
      const afterPrint = k < options.ticks ? memo?.fingerprint(after, options.ticks - k - 1, afterKey) : undefined;
      const known = afterPrint !== undefined && memo?.clean.has(afterPrint) === true;
      const found = firstViolation(known ? asked.intoKnown : settled ? asked.onSettled : asked.selected, { config, before, event, after });
      if (found !== null) return { property: found.property.name, message: found.violation.message, actions: [...path] };
      const deeper = known ? null : visit(after, k + 1, fixed, afterPrint);
      if (deeper !== null) return deeper;
      path.pop();
    }
    if (fingerprint !== undefined) memo?.clean.add(fingerprint);
    return null;
  };
  try {
    const root = memo?.fingerprint(state, options.ticks);
    if (root !== undefined && memo?.clean.has(root) === true) return null;
    return visit(state, 0, false, root);
  } catch (error) {
    if (error === cut) return 'time';
    throw error;
  }
}

/** Thrown up the tree when `outOfTime` says so. */
const cut = Symbol('out of time');

/** Slots of a memo of clean quiet phases shared between threads: 32 MiB, for some three million states. */
export const suffixMemoSlots = 2 ** 22;
/** Bytes a memo of one thread may grow to: 8 to 11 a state, so some five million states. */
const suffixMemoBytesMax = 2 ** 26;

/**
 * A memo keyed by the codec's key words, as the search keys its states: in `shared` memory when
 * given (`SharedFingerprints.buffer(suffixMemoSlots)`), so that the search thread and its workers
 * use one memo (searchWorkers.ts); otherwise in a table of this thread's, which starts small.
 */
export function suffixMemo(codec: StateCodec, shared?: SharedArrayBuffer): SuffixMemo {
  const words = new WordWriter();
  return {
    fingerprint: (state, ticksLeft, known) => {
      if (known !== undefined) return fingerprintWith(known, ticksLeft);
      codec.encode(state, words);
      return fingerprintWith(fingerprintOfWords(words.words, codec.keyStart, words.length), ticksLeft);
    },
    clean: shared === undefined ? new FingerprintSet({ bytesMax: suffixMemoBytesMax }) : new SharedFingerprints(shared),
  };
}
