import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sha256 } from '../io/algorithmSource.ts';
import { writeNew } from '../io/writeNew.ts';
import { formatRecord, identityOf } from './record.ts';
import type { CounterexampleFile } from './schema.ts';

export interface Stored {
  readonly path: string;
  /** False when the same counterexample was already there: it is not written twice. */
  readonly written: boolean;
}

/** `<property>--<algorithm>--<8 hex of the identity hash>.json`: the name says what broke. */
export function fileNameOf(record: CounterexampleFile): string {
  const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${slug(record.property)}--${slug(record.algorithm.name)}--${sha256(identityOf(record)).slice(0, 8)}.json`;
}

/**
 * Stores a counterexample in `folder`, never overwriting or deleting a file. A file with the same
 * name and the same identity is the same counterexample and is left as it is; a different one under
 * the same name (a hash collision, or a file edited by hand) gets the next free `-2`, `-3` … suffix.
 */
export function storeCounterexample(folder: string, record: CounterexampleFile): Stored {
  mkdirSync(folder, { recursive: true });
  const name = fileNameOf(record);
  const text = formatRecord(record);
  for (let k = 1; k < 1000; k++) {
    const path = join(folder, k === 1 ? name : name.replace(/\.json$/, `-${k}.json`));
    if (writeNew(path, text)) return { path, written: true };
    if (sameIdentity(path, record)) return { path, written: false };
  }
  throw new Error(`stormcheck internal error: 1,000 files named like ${name} in ${folder}`);
}

function sameIdentity(path: string, record: CounterexampleFile): boolean {
  try {
    return identityOf(JSON.parse(readFileSync(path, 'utf8')) as CounterexampleFile) === identityOf(record);
  } catch {
    return false;
  }
}

/** Every counterexample file in `folder`, by name. */
export function counterexampleFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(folder, f));
}

/** The corpus this checkout of stormcheck ships (`counterexamples/` beside the package's own folders). */
export const shippedFolder = resolve(import.meta.dirname, '..', 'counterexamples');

/**
 * What a store did, for the terminal: a fresh clone's first run finds what the project already
 * ships, and must not read as if the user had stored it before.
 */
export function storedWording(stored: Stored): string {
  if (stored.written) return `wrote ${stored.path}`;
  if (resolve(dirname(stored.path)) === shippedFolder)
    return `already in the corpus shipped with stormcheck, nothing new written: ${stored.path}`;
  return `already stored by an earlier run, nothing new written: ${stored.path}`;
}
