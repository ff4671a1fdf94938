import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './inputError.ts';
import { writeSynced } from './writeNew.ts';

/**
 * Writes a report (JUnit, HTML) that may replace an earlier one, never half-written: the text goes
 * to a temporary file in the same folder, is synced, and is renamed over `path`. Counterexamples
 * are never replaced; they go through `writeNew`. Every failure is one `InputError` naming `what`
 * (the flag) and the path, and leaves no temporary file behind. With `makeFolder` the folder is
 * made if need be (`--junit reports/x.xml`, as the example workflow writes it).
 */
export function writeReport(path: string, text: string, what: string, options: { readonly makeFolder?: boolean } = {}): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (options.makeFolder === true) mkdirSync(dirname(path), { recursive: true });
    writeSynced(temporary, text, 'w');
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Its folder is gone or is no folder now: there is no temporary file to leave behind.
    }
    throw new InputError(`${what}: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
