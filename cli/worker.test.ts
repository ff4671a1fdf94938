// The CLI runs every check on a watched worker thread: an algorithm that loops forever ends in one
// line and exit 2 instead of a hung process, and a check run there finds exactly what it finds in
// this thread.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './captured.ts';
import { type CheckRunner, runInProcess, runInWorker } from './runInWorker.ts';

const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'stormcheck-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (runner: CheckRunner, ...argv: string[]) => runCli(argv, runner);

describe('checks on a worker thread', () => {
  it('end an algorithm that stops returning, with one line and exit 2', async () => {
    const module = join(dir, 'hangs.ts');
    writeFileSync(
      module,
      [
        `import { healing } from '${repo}/algorithms/healing.ts';`,
        `import type { AllocationAlgorithm } from '${repo}/model/index.ts';`,
        'let calls = 0;',
        "export const algorithm: AllocationAlgorithm = { ...healing, name: 'hangs', admit: (view, s, i) => { if (++calls > 50) for (;;) {} return healing.admit(view, s, i); } };",
        '',
      ].join('\n'),
    );
    const { code, err } = await run(
      runInWorker,
      'check',
      '--algorithm',
      module,
      '--preset',
      'tiny',
      '--runs',
      '20',
      '--seed',
      '1',
      '--run-timeout',
      '2',
      '--no-progress',
    );
    expect(code).toBe(2);
    expect(err).toEqual([
      `stormcheck: algorithm '${module}' showed no progress for 2 s in run 2: does it loop forever? (--run-timeout raises the limit)`,
    ]);
  });

  it('find the same counterexample as this thread', async () => {
    const argv = ['check', '--algorithm', 'canary', '--preset', 'tiny', '--runs', '20', '--seed', '3', '--json', '--out', join(dir, 'ce')];
    const there = await run(runInWorker, ...argv);
    const here = await run(runInProcess, ...argv);
    expect(there.code).toBe(1);
    const strip = (text: string) => {
      const { elapsedMs: _, ...rest } = JSON.parse(text) as { elapsedMs: number };
      return rest;
    };
    expect(strip(there.out[0] ?? '')).toEqual({
      ...strip(here.out[0] ?? ''),
      counterexample: { ...(strip(here.out[0] ?? '') as { counterexample: object }).counterexample, written: true },
    });
  });
});
