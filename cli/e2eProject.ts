import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv } from './e2ePack.ts';

/** What a command run in a user's project printed and returned. */
export interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs a command as a user would in `cwd`, with npm's variables from this checkout removed. */
export function sh(cwd: string, command: string, args: readonly string[], env: Record<string, string> = {}): Ran {
  const ran = spawnSync(command, args, { cwd, env: { ...cleanEnv, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: ran.status, out: ran.stdout, err: ran.stderr };
}

/** Runs a setup step; a failure is the test's failure, with the command's own words. */
export function must(cwd: string, command: string, args: readonly string[]): string {
  const ran = sh(cwd, command, args);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${ran.code}:\n${ran.out}\n${ran.err}`);
  return ran.out;
}

/** A fresh user project with the packed stormcheck installed, and what removes it. */
export interface UserProject {
  readonly root: string;
  /** `npx stormcheck …` in `cwd` (default the project root). */
  readonly stormcheck: (args: readonly string[], cwd?: string) => Ran;
  /** Writes a file of the project, creating its folder. */
  readonly write: (path: string, text: string) => void;
  readonly remove: () => void;
}

/**
 * `npm init -y` (an ES module project unless `commonjs`), then `npm install` of the tarball and of
 * any `extra` packages the test needs (vitest, typescript), as a new user would.
 */
export function userProject(
  tarball: string,
  options: { readonly extra?: readonly string[]; readonly commonjs?: boolean } = {},
): UserProject {
  const work = mkdtempSync(join(tmpdir(), 'stormcheck-e2e-'));
  const root = join(work, 'project');
  mkdirSync(root);
  must(root, 'npm', ['init', '-y']);
  if (options.commonjs !== true) must(root, 'npm', ['pkg', 'set', 'type=module']);
  must(root, 'npm', ['install', tarball, ...(options.extra ?? []), '--no-audit', '--no-fund']);
  return {
    root,
    stormcheck: (args, cwd = root) => sh(cwd, 'npx', ['--no', 'stormcheck', ...args]),
    write: (path, text) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}

/**
 * A user's algorithm: the built-in healing reference, spread, with `body` overriding parts of it.
 * It imports from the package root, the entry point package.json "exports" (and the README) offer.
 */
export function userAlgorithm(body: string): string {
  return [
    "import type { AllocationAlgorithm } from 'stormcheck';",
    "import { healing, isUsableSupernode } from 'stormcheck';",
    '',
    `export const algorithm: AllocationAlgorithm = { ...healing, ${body} };`,
    '',
    '// Keeps the import used whatever the body.',
    'export const usable = isUsableSupernode;',
    '',
  ].join('\n');
}

/** The body of an algorithm that admits every client and never sheds: `capacity` breaks on tiny within a few runs. */
export const admitsAll =
  "name: 'admit-all', description: 'admits every client and never sheds', admit: (view, supernode) => isUsableSupernode(view.state, supernode), plan: (view, memory, random) => ({ ...healing.plan(view, memory, random), shed: [] })";
