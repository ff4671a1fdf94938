import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { type Stored, storeCounterexample } from '../corpus/store.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { checkWritableFolder } from '../io/writableFolder.ts';
import { removeStaleTemporaries } from '../io/writeNew.ts';
import type { Io } from './context.ts';
import { nondeterministic } from './determinism.ts';
import type { Replayed, ReplayJob } from './replayJob.ts';

/*
 * How `check`, `explore` and `diff` keep a finding: replayed first on a fresh watched thread (a
 * counterexample that does not replay is not one), stored next, and only then the reports that may
 * fail, each failure one line that costs nothing.
 */

/**
 * The finding replayed as a later `replay` will replay it: on a fresh watched thread (`replay`, a
 * ReplayRunner), so on a fresh instance of the module, with `algorithm` as the user named it. A
 * record that does not replay as found, or whose decisions differ when replayed again
 * (replayJob.ts), is a nondeterministic algorithm: one line, exit 2, and nothing is stored.
 */
export function replayFinding(
  record: CounterexampleFile,
  spec: Pick<ReplayJob, 'algorithm' | 'cwd'>,
  replay: (job: ReplayJob) => Promise<Replayed>,
): Promise<Replayed> {
  return replay({ path: 'the counterexample just found', record, trustModule: false, acceptEdits: false, ...spec });
}

/**
 * The exit code of a stored finding: 1 for a property, 2 (and one line) for a broken interface
 * contract, which is the algorithm's error, not a finding about the network.
 */
export function findingExit(found: { readonly property: string; readonly message: string }, algorithm: string, io: Io): number {
  if (found.property !== 'contract') return exitCodes.violated;
  io.err(`stormcheck: algorithm ${algorithm} broke the interface contract: ${found.message}`);
  return exitCodes.input;
}

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
  const now = outcome.verdict === 'holds' ? 'a pass: the property holds over the whole trace' : `step ${outcome.step}: ${outcome.message}`;
  const twice = divergence === null ? '' : `; replayed again: ${divergence}`;
  return nondeterministic(
    record.algorithm.name,
    `its counterexample (${record.property}, step ${step}: ${message}) replays to ${now}${twice}`,
  );
}

/** Why a finding that replays to its verdict is refused all the same: replayed again, `divergence` decided otherwise. */
export function differs(record: CounterexampleFile, divergence: string): string {
  const { step, message } = record.violation;
  return nondeterministic(
    record.algorithm.name,
    `its counterexample (${record.property}, step ${step}: ${message}) replays to the same verdict, but not by the same decisions: ${divergence}`,
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
