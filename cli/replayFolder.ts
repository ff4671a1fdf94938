import { statSync } from 'node:fs';
import { loadCounterexample } from '../corpus/load.ts';
import { counterexampleFiles } from '../corpus/store.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { printable } from '../io/printable.ts';
import type { Io } from './context.ts';
import { type ReplayFlags, replayJobOf } from './replayCommand.ts';
import { untrustedModule } from './replayJob.ts';
import type { ReplayRunner } from './runInWorker.ts';

/** Whether `replay` was given a folder: the corpus as a unit, rather than one file. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

interface FileVerdict {
  readonly file: string;
  readonly property: string | null;
  readonly expect: string | null;
  readonly verdict: string | null;
  readonly asExpected: boolean;
  /** Why the file does not replay as recorded, or why it could not be replayed at all. */
  readonly note: string | null;
  readonly error: boolean;
}

/**
 * `stormcheck replay <folder>`: every counterexample file in it, each with its own algorithm or all
 * with `--algorithm`, one line each. A corpus is a guard, so the exit code says whether every file
 * replays as it expects: 0 if all do, 1 if any does not (a bug back, or a fix the file does not
 * record yet), 2 if a file could not be replayed at all (each is still listed). Each file keeps the
 * rule of `replay <file>`: a module it names is run only with `--algorithm` or `--trust-module`
 * (else that file is an error line), and every replay runs on its own watched worker thread.
 */
export async function replayFolder(folder: string, flags: ReplayFlags, io: Io, replay: ReplayRunner): Promise<number> {
  const files = counterexampleFiles(folder);
  if (files.length === 0) throw new InputError(`${folder}: holds no counterexample files (*.json)`);
  const verdicts: FileVerdict[] = [];
  for (const file of files) {
    try {
      const job = replayJobOf(file, flags);
      const untrusted = untrustedModule(job, loadCounterexample(file, { acceptEdits: job.acceptEdits }));
      if (untrusted !== null) throw new InputError(untrusted);
      const { record, outcome } = await replay(job, flags.hangTimeout * 1000);
      const { verdict, asExpected, divergence } = outcome;
      verdicts.push({ file, property: record.property, expect: record.expect, verdict, asExpected, note: divergence, error: false });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      verdicts.push({ file, property: null, expect: null, verdict: null, asExpected: false, note: error.message, error: true });
    }
  }
  const code = verdicts.some((v) => v.error)
    ? exitCodes.input
    : verdicts.every((v) => v.asExpected)
      ? exitCodes.passed
      : exitCodes.violated;
  if (flags.json === true) {
    io.out(
      JSON.stringify({
        status: code === exitCodes.passed ? 'passed' : code === exitCodes.input ? 'error' : 'violated',
        folder,
        files: verdicts,
      }),
    );
    return code;
  }
  for (const v of verdicts) {
    if (v.error) io.out(printable(`error  ${v.file}: ${v.note}`));
    else
      io.out(
        printable(
          `${v.asExpected ? 'ok   ' : 'FAIL '}  ${v.file}: ${v.property} expects ${v.expect}, ${v.verdict}${v.asExpected || v.note === null ? '' : ` (${v.note})`}`,
        ),
      );
  }
  const failed = verdicts.filter((v) => !v.asExpected).length;
  io.out(`${verdicts.length - failed} of ${verdicts.length} files replay as they expect`);
  return code;
}
