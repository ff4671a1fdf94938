// A user's TypeScript algorithm is type-checked before it is loaded: a typo is one clear line naming
// the file, the position and the error, with exit 2, not a contract violation deep inside a run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
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
