import { closeSync, fsyncSync, linkSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from './faultPoint.ts';

/** `.<name>.<pid>.<ms>.tmp`: hidden, and naming the process that wrote it, so that a rerun knows whose it is. */
const temporaryName = /^\..+\.(\d+)\.\d+\.tmp$/;

/**
 * Writes `text` to `path` only if no file is there, atomically and durably: the text goes to a
 * temporary file in the same folder, which is synced to disk and then hard-linked to its final name,
 * and the folder is synced. The link fails if the name is taken, so an existing file is never
 * overwritten; a reader never sees a half-written file, and after a crash the final name holds all
 * of the text or does not exist. A crash between the link and the removal of the temporary file
 * leaves it behind: `removeStaleTemporaries` clears it on the next run. Returns false when `path`
 * already exists.
 */
export function writeNew(path: string, text: string): boolean {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeSynced(temporary, text, 'wx');
  faultPoint('temp-written');
  try {
    linkSync(temporary, path);
    faultPoint('linked');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
    // The new name and the removal are entries of the folder: only its sync makes them durable.
    syncFolder(folder);
  }
}

/** Writes `text` to a new file (`wx`) or over one (`w`), and syncs it to disk before returning. */
export function writeSynced(path: string, text: string, flag: 'w' | 'wx'): void {
  const fd = openSync(path, flag);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A temporary file that could not be removed, and why. */
export interface Unremovable {
  readonly path: string;
  readonly reason: string;
}

/**
 * Removes the temporary files `writeNew` left in `folder` when a process was killed mid-write:
 * those of processes that are no longer running (a live one may be writing into the same folder).
 * Returns the ones it could not remove, for the caller to report; a folder that does not exist has none.
 */
export function removeStaleTemporaries(folder: string): Unremovable[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const unremovable: Unremovable[] = [];
  for (const name of names) {
    const pid = Number(temporaryName.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || isRunning(pid)) continue;
    try {
      unlinkSync(join(folder, name));
    } catch (error) {
      unremovable.push({ path: join(folder, name), reason: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
  }
  return unremovable;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
