import { closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from './inputError.ts';

/**
 * Checks, before a search starts, that a file can be created in `folder` (created later if it does
 * not exist yet): a counterexample found after an hour must not be lost to a typo in `--out`. A
 * folder that does not exist is judged by the nearest one above it that does, where it would be
 * made. The check creates and removes one empty file, as only a write can tell: permissions say
 * nothing of a read-only file system, and root passes every permission check. `what` names the flag.
 */
export function checkWritableFolder(folder: string, what: string): void {
  let existing = resolve(folder);
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) {
    const where = existing === resolve(folder) ? folder : `${folder}: ${existing}`;
    throw new InputError(`${what}: ${where} is a file, not a folder`);
  }
  const probe = join(existing, `.stormcheck-probe.${process.pid}.tmp`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new InputError(`${what}: cannot write in ${existing}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  rmSync(probe, { force: true });
}

/**
 * The same for a report file to be written: not a folder, and its folder writable, or, if it does
 * not exist yet, the nearest one above it, where it will be made (`--junit reports/x.xml`).
 */
export function checkWritableFile(path: string, what: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`${what}: ${path} is a folder`);
  checkWritableFolder(dirname(resolve(path)), what);
}
