// A user's TypeScript algorithm is type-checked before it is loaded: a typo is one clear line naming
// the file, the position and the error, with exit 2, not a contract violation deep inside a run;
// with TypeScript 5 as with 7, and a module that could not be checked is said to be unchecked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compilerFor, typeCheck } from '../io/typeErrors.ts';
import { runCli } from './captured.ts';

const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'stormcheck-typecheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reports the first type error of a .ts algorithm and how many more there are', async () => {
  const module = join(dir, 'typo.ts');
  writeFileSync(
    module,
    [
      `import { type AllocationAlgorithm, healing } from '${repo}/index.ts';`,
      'export const algorithm: AllocationAlgorithm = {',
      "  ...healing, name: 'typo',",
      "  admit: (view, s) => view.state.nodes[s]!.rolee.kind === 'supernode',",
      '  retryDelay: () => "1",',
      '};',
      '',
    ].join('\n'),
  );
  const { code, err } = await runCli(['check', '--algorithm', module, '--preset', 'tiny', '--runs', '1']);
  expect(code).toBe(2);
  expect(err).toEqual([
    `stormcheck: --algorithm: ${module} does not type-check: typo.ts(4,44): error TS2551: Property 'rolee' does not exist on type 'NodeState'. Did you mean 'role'? (and 1 more)`,
  ]);
});

/**
 * A stand-in for TypeScript 5.9's tsc, which is not installed here: it rejects `--ignoreConfig` as
 * 5.9 does, and otherwise reports one error in the file it is given.
 */
function fakeTsc(): string {
  const tsc = join(dir, 'fake-tsc.js');
  writeFileSync(
    tsc,
    [
      "if (process.argv.includes('--ignoreConfig')) { console.log(\"error TS5023: Unknown compiler option '--ignoreConfig'.\"); process.exit(1); }",
      "const file = require('node:path').basename(process.argv.at(-1));",
      "console.log(file + \"(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\");",
      'process.exit(2);',
    ].join('\n'),
  );
  return tsc;
}

it('passes TypeScript 5 no --ignoreConfig, which it would reject, and TypeScript 6 and later the flag', () => {
  const module = join(dir, 'five.ts');
  writeFileSync(module, 'export const n: number = "1";\n');
  expect(typeCheck(module, { tsc: fakeTsc(), major: 5 })).toEqual({
    checked: true,
    errors: ["five.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'."],
  });
  expect(typeCheck(module, { tsc: fakeTsc(), major: 7 })).toEqual({
    checked: false,
    reason: `${fakeTsc()} failed to run: error TS5023: Unknown compiler option '--ignoreConfig'.`,
  });
});

it('says why a module was not type-checked when there is no compiler or it does not run', () => {
  const module = join(dir, 'any.ts');
  writeFileSync(module, 'export const n = 1;\n');
  expect(typeCheck(module, null)).toEqual({
    checked: false,
    reason: 'no TypeScript compiler is installed (npm install --save-dev typescript)',
  });
  const crashing = join(dir, 'crashing-tsc.js');
  writeFileSync(crashing, "console.error('Segmentation fault'); process.exit(134);\n");
  expect(typeCheck(module, { tsc: crashing, major: 7 })).toEqual({ checked: false, reason: `${crashing} exited 134: Segmentation fault` });
  // The compiler the repository has is found, and its version read.
  expect(compilerFor(module)?.major).toBeGreaterThanOrEqual(5);
});
