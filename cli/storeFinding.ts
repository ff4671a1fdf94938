import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { type Stored, storeCounterexample } from '../corpus/store.ts';
import { InputError } from '../io/inputError.ts';
import { checkWritableFolder } from '../io/writableFolder.ts';
import { removeStaleTemporaries } from '../io/writeNew.ts';
import type { Io } from './context.ts';
import { nondeterministic } from './determinism.ts';

/*
 * How `check` keeps a finding: replayed first (a counterexample that does not replay is not one),
 * stored next, and only then the reports that may fail, each failure one line that costs nothing.
 */

/**
 * Stores the counterexample, or says in one line why it could not be, and returns null: the caller
 * still prints it, so the finding is on stdout whatever happened to the folder since it was checked.
 */
export function store(out: string, record: CounterexampleFile, io: Io): Stored | null {
  try {
    return storeCounterexample(out, record);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    io.err(`stormcheck: --out: cannot store the counterexample in ${out}: ${reason}; it is printed on stdout`);
    return null;
  }
}

/** The reports that come after the counterexample (JUnit): a failure is one line, and the finding stands. */
export function reportAfterStore(write: () => void, io: Io): void {
  try {
    write();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.err(`stormcheck: ${error.message}`);
  }
}

/**
 * Why a replay of the record differs from the search's finding, or null when it is the same.
 * `divergence`, when known, names the first decision that differed between two replays (determinism.ts).
 */
export function notReplayed(record: CounterexampleFile, outcome: ReplayOutcome, divergence: string | null = null): string | null {
  const { step, message } = record.violation;
  if (outcome.verdict === 'violates' && outcome.step === step && outcome.message === message) return null;
  const now = outcome.verdict === 'holds' ? 'the property holds over the whole trace' : `step ${outcome.step}: ${outcome.message}`;
  const twice = divergence === null ? '' : `; replayed twice: ${divergence}`;
  return nondeterministic(
    record.algorithm.name,
    `its counterexample (${record.property}, step ${step}: ${message}) replays to ${now}${twice}`,
  );
}

/**
 * Before a search: `--out` must be a folder a finding can be stored in (one line, exit 2, if not),
 * and the temporary files of writes that were killed there are removed, each one that cannot be
 * named in a line of its own (the search goes on).
 */
export function prepareOut(out: string, io: Io): void {
  checkWritableFolder(out, '--out');
  for (const left of removeStaleTemporaries(out)) {
    io.err(`stormcheck: --out: cannot remove ${left.path}, left by a write that was cut short: ${left.reason}`);
  }
}
