import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canary } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';

/** The repository, for the absolute imports of the modules the tests write. */
export const repo = resolve(import.meta.dirname, '..');

/** A fresh temporary folder. */
export function tempFolder(name: string): string {
  return mkdtempSync(join(tmpdir(), `stormcheck-${name}-`));
}

/**
 * A real violation: the canary's counterexample on tiny (seed 3, 20 runs), as a record of built-in
 * `canary`. From a cold start, so that the trace has an event to edit: from the settled network
 * the canary breaks in the settle phase itself.
 */
export function canaryRecord(): CounterexampleFile {
  const tiny = presets.tiny;
  if (tiny === undefined) throw new Error('the tiny preset is missing');
  const result = check({ algorithm: canary, preset: tiny, properties, runs: 20, seed: 3, start: 'cold' });
  if (result.status !== 'violated') throw new Error(`the canary passed ${result.runs} runs on tiny`);
  const provenance = { tool: 'stormcheck test', fastCheck: 'test', preset: 'tiny', seed: 3, runs: 20, fastCheckPath: '0:0', shrunkFrom: 2 };
  return counterexampleRecord(result.counterexample, { module: null, sourceHash: sourceHashOf(null) }, provenance);
}

/**
 * An algorithm module in `folder` that is the canary with `body` run first at import; JavaScript, so
 * that no test spends seconds type-checking it. Returns its path.
 */
export function canaryModule(folder: string, name: string, body: string): string {
  const path = join(folder, `${name}.mjs`);
  writeFileSync(path, [`import { canary } from '${repo}/algorithms/index.ts';`, body, 'export const algorithm = canary;', ''].join('\n'));
  return path;
}

/**
 * An algorithm module in `folder`: the healing reference with some methods replaced (`methods`,
 * source of object members that may call `healing`), after `prelude` at the top of the module. A
 * `let calls = 0` counter is there for the methods to use. JavaScript, as `canaryModule`.
 */
export function healingModule(folder: string, name: string, methods: string, prelude = ''): string {
  const path = join(folder, `${name}.mjs`);
  writeFileSync(
    path,
    [
      `import { healing } from '${repo}/algorithms/index.ts';`,
      'let calls = 0;',
      prelude,
      `export const algorithm = { ...healing, name: '${name}', ${methods} };`,
      '',
    ].join('\n'),
  );
  return path;
}
