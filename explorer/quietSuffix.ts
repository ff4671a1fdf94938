import { type Event, type State, type System, sameButTick, stepMutable } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { firstViolation } from '../properties/registry.ts';
import { type Fingerprint, fingerprintOfWords } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import type { ContinuationViolation } from './model.ts';
import { SharedFingerprints } from './sharedFingerprints.ts';
import type { StateCodec } from './stateCodec.ts';
import { WordWriter } from './words.ts';

export interface QuietSuffixOptions {
  /** Ticks after the `quiet` event: `quietTicksFor(system, properties)`, as at the end of every random run. */
  readonly ticks: number;
  /**
   * Stop stepping once a tick changes nothing but the clock (see below). Sound only when the
   * algorithm does not read `state.tick`, the assumption the canonical key makes too.
   */
  readonly shortcut: boolean;
  /** The transition: `stepMutable` unless told, or the same on copies made another way (supernodeModel.ts). */
  readonly step?: (state: State, event: Event) => State;
  /** States from which the rest of a quiet phase is known to hold (see `SuffixMemo`). */
  readonly memo?: SuffixMemo;
}

/**
 * The states of quiet phases already checked to the end with nothing broken, by fingerprint. Quiet
 * phases from different states soon meet: the network heals into the same few states. The key of a
 * state counts the quiet ticks elapsed (stateCodec.ts), so two states with one key have the same
 * rest of the phase, step for step, and the properties judge each step alike: once a phase reaches
 * a state recorded here, the rest of it holds and need not be stepped. A violation is never
 * recorded, so the memo only saves work; the verdict is the same without it. A memo that is full
 * stops recording and goes on answering.
 */
export interface SuffixMemo {
  fingerprint(state: State): Fingerprint;
  readonly clean: { has(fingerprint: Fingerprint): boolean; add(fingerprint: Fingerprint): void };
}

const quiet: Event = { kind: 'quiet' };
const tick: Event = { kind: 'tick' };

/**
 * Runs the quiet phase from `state` (the `quiet` event, then `options.ticks` ticks) and checks every
 * selected property after each step, as a random run's quiet phase does.
 *
 * Most suffixes settle long before they end: on `tiny`, four in five reach a state that a tick
 * leaves unchanged but for `tick` within 16 of their 32 ticks. From such a fixed point every later
 * tick gives the same state again, because no transition and no built-in algorithm reads the
 * absolute tick; so the rest of the suffix is the same state with the clock advanced, and only the
 * properties, whose healing bounds count quiet ticks, need to see it. Skipping those steps more than
 * halves the cost of a suffix.
 */
export function quietSuffix(
  system: System,
  selected: readonly Property[],
  options: QuietSuffixOptions,
  state: State,
): ContinuationViolation<Event> | null {
  const { config } = system;
  const step = options.step ?? ((before: State, event: Event) => stepMutable(system, before, event));
  const events: Event[] = [];
  const { memo } = options;
  const passed: Fingerprint[] = [];
  let current = state;
  let settled = false;
  for (let k = 0; k <= options.ticks; k++) {
    const event = k === 0 ? quiet : tick;
    const before = current;
    current = settled ? { ...before, tick: before.tick + 1 } : step(before, event);
    if (options.shortcut && k > 0 && !settled) settled = sameButTick(before, current);
    events.push(event);
    const found = firstViolation(selected, { config, before, event, after: current });
    if (found !== null) return { property: found.property.name, message: found.violation.message, actions: events };
    if (memo === undefined) continue;
    const fingerprint = memo.fingerprint(current);
    if (memo.clean.has(fingerprint)) break;
    passed.push(fingerprint);
  }
  for (const fingerprint of passed) memo?.clean.add(fingerprint);
  return null;
}

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
    fingerprint: (state) => {
      codec.encode(state, words);
      return fingerprintOfWords(words.words, codec.keyStart, words.length);
    },
    clean: shared === undefined ? new FingerprintSet({ bytesMax: suffixMemoBytesMax }) : new SharedFingerprints(shared),
  };
}
