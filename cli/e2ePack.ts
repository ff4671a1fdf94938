import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed stormcheck, `npm pack`'s tarball: every e2e file installs it into a fresh project of its own. */
    tarball: string;
    /** The files the tarball holds, as `npm pack --json` lists them. */
    packedFiles: string[];
  }
}

/**
 * The environment without npm's own variables: under `npx vitest` they include the local prefix of
 * this checkout, which would send a nested `npm install` into the repository instead of the project.
 */
export const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));

/**
 * vitest's global setup for `npm run test:e2e`: packs stormcheck once, as `npm publish` would (the
 * `prepack` build included), and hands the tarball to the test files.
 */
export default function setup(project: TestProject): () => void {
  const repo = resolve(import.meta.dirname, '..');
  const work = mkdtempSync(join(tmpdir(), 'stormcheck-pack-'));
  const ran = spawnSync('npm', ['pack', '--pack-destination', work, '--json'], { cwd: repo, env: cleanEnv, encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`npm pack exited ${ran.status}:\n${ran.stderr}`);
  const [pack] = JSON.parse(ran.stdout) as [{ filename: string; files: { path: string }[] }];
  project.provide('tarball', join(work, pack.filename));
  project.provide(
    'packedFiles',
    pack.files.map((f) => f.path),
  );
  return () => rmSync(work, { recursive: true, force: true });
}
