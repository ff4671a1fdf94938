import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { main } from './main.ts';
import { inThisThread, type Runners } from './runInWorker.ts';

/** What one CLI invocation wrote and returned. */
export interface Captured {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Runs the CLI in this process, capturing what it writes: the tests' way in. Searches run in this thread unless told otherwise. */
export async function runCli(argv: readonly string[], runners: Runners = inThisThread): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), stderr: process.stderr }, runners);
  return { code, out, err };
}

/** The message `JSON.parse` gives for `text`, which must not be JSON: what a malformed file reports. */
export function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(text)} is valid JSON`);
}

/** Runs `action` with `env` set in process.env, as a CI runner would set it, and restores what was there. */
export async function withEnv<T>(env: Record<string, string>, action: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await action();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Writes an algorithm module at `path` that spreads the healing reference with `members` (object
 * members, in TypeScript), after `preamble` lines, as a user would write a variant; returns `path`.
 */
export function writeHealingVariant(path: string, members: string, preamble: readonly string[] = []): string {
  const repo = resolve(import.meta.dirname, '..');
  const lines = [
    `import type { AllocationAlgorithm } from '${repo}/model/index.ts';`,
    `import { healing } from '${repo}/algorithms/healing.ts';`,
    ...preamble,
    `export const algorithm: AllocationAlgorithm = { ...healing, ${members} };`,
    '',
  ];
  writeFileSync(path, lines.join('\n'));
  return path;
}
