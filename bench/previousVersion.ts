import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An earlier version of stormcheck's sources, taken from git into node_modules/.cache and imported
 * beside this one, so that a section can time the old code and the new in the same process and the
 * same interleaved rounds. Packages resolve from this checkout's node_modules, as the old code's did.
 */
export interface PreviousVersion {
  readonly commit: string;
  /** Imports `path` (relative to the repository's root, e.g. `model/index.ts`) from that version. */
  readonly load: <T>(path: string) => Promise<T>;
}

/** The version at `commit`, with `folders` extracted, or why it cannot be had (no git history in a packed copy). */
export function previousVersion(commit: string, folders: readonly string[]): PreviousVersion | string {
  const root = join(import.meta.dirname, '..');
  const dir = join(root, 'node_modules', '.cache', 'stormcheck-bench', commit);
  try {
    const missing = folders.filter((folder) => !existsSync(join(dir, folder)));
    if (missing.length > 0) {
      mkdirSync(dir, { recursive: true });
      const archive = execFileSync('git', ['-C', root, 'archive', commit, ...missing], { maxBuffer: 1 << 27 });
      execFileSync('tar', ['-x', '-C', dir], { input: archive });
    }
    return { commit, load: async <T>(path: string) => (await import(join(dir, path))) as T };
  } catch (error) {
    return `the sources of ${commit} could not be taken from git (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}
