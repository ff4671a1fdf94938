import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../io/inputError.ts';
import { projectRootOf } from './configFile.ts';

function git(cwd: string, args: readonly string[]): string {
  const ran = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (ran.error !== undefined) throw new InputError(`--base-ref: git does not run here: ${ran.error.message}`);
  if (ran.status !== 0)
    throw new InputError(`--base-ref: git ${args.join(' ')}: ${ran.stderr.trim().split('\n')[0] ?? `exit ${ran.status}`}`);
  return ran.stdout;
}

/** A module as it was at a git ref, checked out beside the project so that its imports resolve as the project's do. */
export interface ModuleAtRef {
  /** The module's path in the checked-out tree. */
  readonly module: string;
  readonly remove: () => void;
}

/**
 * The algorithm module `head` as it was at git ref `ref`: the whole tree at that ref, extracted with
 * `git archive` into `node_modules/.cache/stormcheck/` of the head's project, so that the module's own
 * relative imports find their versions of that ref and its package imports (stormcheck) resolve
 * through the project's node_modules, as they do for the head.
 */
export function moduleAtRef(head: string, ref: string): ModuleAtRef {
  const absolute = resolve(head);
  if (!existsSync(absolute)) throw new InputError(`--head: no such file ${absolute}`);
  const root = git(dirname(absolute), ['rev-parse', '--show-toplevel']).trim();
  const path = relative(root, absolute).split('\\').join('/');
  git(root, ['cat-file', '-e', `${ref}:${path}`]);
  const cache = join(projectRootOf(dirname(absolute)), 'node_modules', '.cache', 'stormcheck');
  mkdirSync(cache, { recursive: true });
  const tree = mkdtempSync(join(cache, 'base-'));
  const archive = spawnSync('sh', ['-c', `git archive --format=tar "$1" | tar -x -C "$2"`, 'sh', ref, tree], {
    cwd: root,
    encoding: 'utf8',
  });
  if (archive.status !== 0) {
    rmSync(tree, { recursive: true, force: true });
    throw new InputError(`--base-ref: cannot extract ${ref}: ${archive.stderr.trim().split('\n')[0] ?? ''}`);
  }
  return { module: join(tree, path), remove: () => rmSync(tree, { recursive: true, force: true }) };
}
