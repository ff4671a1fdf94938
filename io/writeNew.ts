import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` only if no file is there, atomically: the text goes to a temporary file
 * in the same folder, which is then hard-linked to its final name. The link fails if the name is
 * taken, so an existing file is never overwritten, and a reader never sees a half-written file.
 * Returns false when `path` already exists.
 */
export function writeNew(path: string, text: string): boolean {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, text, { flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}
