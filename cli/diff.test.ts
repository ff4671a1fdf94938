// `stormcheck diff` runs two versions of an algorithm run for run on the same seeds and networks:
// a run the base survives and the head breaks is a regression, stored with the head's shrunk
// counterexample (exit 1); the reverse is a fix; the base can be the head's own file at a git ref.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Captured, runCli, withEnv } from './captured.ts';
import type { DiffReport } from './diffCommand.ts';

const repo = resolve(import.meta.dirname, '..');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stormcheck-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const budget = ['--preset', 'tiny', '--runs', '40', '--seed', '1', '--json'];

/** Every run the head alone breaks: each stored regression's and the later ones counted with it. */
const regressedRuns = (diff: DiffReport) => diff.regressions.flatMap((r) => [r.run, ...r.moreRuns]).sort((a, b) => a - b);

function report(ran: Captured): DiffReport & { status: string } {
  expect(ran.err).toEqual([]);
  expect(ran.out).toHaveLength(1);
  return JSON.parse(ran.out[0] ?? '');
}

describe('stormcheck diff', () => {
  it('finds the runs a seeded bug breaks and the reference survives, and stores their shrunk counterexamples', async () => {
    const out = join(dir, 'regressions');
    const ran = await runCli(['diff', '--base', 'healing', '--head', 'b3-shutdown-cascade', ...budget, '--out', out]);
    const diff = report(ran);
    expect(ran.code).toBe(1);
    expect(diff.status).toBe('regressed');
    expect(diff.regressions.length).toBeGreaterThan(0);
    expect(diff.fixes).toEqual([]);
    expect(regressedRuns(diff).length + diff.bothBreak.length + diff.bothHold).toBe(40);
    for (const regression of diff.regressions) {
      expect(existsSync(regression.file ?? '')).toBe(true);
      // The file replays against the head as a violation: the stored trace is the head's.
      expect((await runCli(['replay', regression.file ?? ''])).code).toBe(1);
    }
    expect(diff.regressions.some((r) => r.baseOnShrunk === 'holds')).toBe(true);
  });

  it('shrinks and stores the first run of a preset that regresses a property, and counts the later ones with it', async () => {
    const out = join(dir, 'counted');
    const diff = report(await runCli(['diff', '--base', 'healing', '--head', 'canary', ...budget, '--out', out]));
    // The canary breaks 37 of 40 runs; run 27 breaks another property first and shrinks to capacity
    // too, so the two shrunk traces are one file.
    const later = [...Array.from({ length: 23 }, (_, i) => i + 1), 26, ...Array.from({ length: 11 }, (_, i) => i + 28)];
    expect(diff.regressions.map(({ file, ...r }) => ({ ...r, file: file?.replace(out, '') }))).toEqual([
      { preset: 'tiny', run: 0, property: 'capacity', file: '/capacity--canary--b9f60b07.json', baseOnShrunk: 'holds', moreRuns: later },
      { preset: 'tiny', run: 27, property: 'capacity', file: '/capacity--canary--b9f60b07.json', baseOnShrunk: 'holds', moreRuns: [] },
    ]);
    expect(diff.bothHold).toBe(3);
    expect(readdirSync(out)).toEqual(['capacity--canary--b9f60b07.json']);
    const text = await runCli(['diff', '--base', 'healing', '--head', 'canary', ...budget.slice(0, -1), '--out', out]);
    expect(text.out[0]?.split('\n').slice(1, 5)).toEqual([
      '37 regressions, 0 fixes, 0 runs both break, 3 both hold',
      `regression: tiny run 0: the head breaks capacity (the base holds on the shrunk trace): ${out}/capacity--canary--b9f60b07.json`,
      `  replay: npx stormcheck replay ${out}/capacity--canary--b9f60b07.json`,
      '  and 35 later runs break it too, not shrunk (the file stands for them): 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, …',
    ]);
  });

  it('reports the same runs as fixes the other way round, exit 0, and stores nothing', async () => {
    const out = join(dir, 'fixes');
    const forward = report(
      await runCli(['diff', '--base', 'healing', '--head', 'b3-shutdown-cascade', ...budget, '--out', join(dir, 'f')]),
    );
    const ran = await runCli(['diff', '--base', 'b3-shutdown-cascade', '--head', 'healing', ...budget, '--out', out]);
    const diff = report(ran);
    expect(ran.code).toBe(0);
    expect(diff.fixes.map((f) => f.run)).toEqual(regressedRuns(forward));
    expect(diff.regressions).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('compares a module with its own version at a git ref, from the project root', async () => {
    const project = join(dir, 'git-project');
    const git = (...args: string[]) => spawnSync('git', args, { cwd: project, encoding: 'utf8' });
    const algorithm = (body: string) =>
      writeFileSync(
        join(project, 'alg.ts'),
        `import { type AllocationAlgorithm, healing, isUsableSupernode } from '${repo}/index.ts';\nexport const usable = isUsableSupernode;\nexport const algorithm: AllocationAlgorithm = { ...healing, name: 'mine', ${body} };\n`,
      );
    spawnSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), '{"name":"git-project","type":"module"}');
    algorithm("description: 'as on main'");
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base');
    algorithm(
      'admit: (view, s) => isUsableSupernode(view.state, s), plan: (view, memory, random) => ({ ...healing.plan(view, memory, random), shed: [] })',
    );
    const was = process.cwd();
    process.chdir(project);
    const ran = await runCli(['diff', '--base-ref', 'HEAD', '--head', './alg.ts', ...budget]).finally(() => process.chdir(was));
    const diff = report(ran);
    expect(ran.code).toBe(1);
    expect(diff.regressions.length).toBeGreaterThan(0);
    expect(readdirSync(join(project, 'counterexamples')).every((f) => f.includes('--mine--'))).toBe(true);
    // The base's tree is removed when the diff is done.
    expect(readdirSync(join(project, 'node_modules', '.cache', 'stormcheck'))).toEqual([]);
  });

  it('writes each regression into the GitHub job summary with its trace and replay command, and annotates the head', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir };
    const argv = ['diff', '--base', 'healing', '--head', 'b3-shutdown-cascade', ...budget.slice(0, -1), '--out', join(dir, 'gh')];
    const ran = await withEnv(env, () => runCli(argv));
    expect(ran.code).toBe(1);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(
      /^### ❌ stormcheck diff b3-shutdown-cascade on tiny, run \d+ of 40 runs, seed 1, against healing\n\nregression: \d+ regressions/,
    );
    expect(markdown).toMatch(/```sh\nnpx stormcheck replay \S+gh\/\S+--b3-shutdown-cascade--[0-9a-f]{8}\.json\n```/);
    expect(ran.out.filter((line) => line.startsWith('::error file=gh/'))).not.toEqual([]);
  });

  it('rejects both or neither of --base and --base-ref, and a ref git does not know, in one line, exit 2', async () => {
    const both = await runCli(['diff', '--base', 'healing', '--base-ref', 'main', '--head', 'healing']);
    expect(both).toMatchObject({ code: 2, err: ['stormcheck: --base: give either --base <algorithm> or --base-ref <git ref>'] });
    const module = join(repo, 'examples', 'my-algorithm.ts');
    const unknown = await runCli(['diff', '--base-ref', 'no-such-ref-xyz', '--head', module]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toHaveLength(1);
    expect(unknown.err[0]).toMatch(/^stormcheck: --base-ref: git cat-file -e no-such-ref-xyz:examples\/my-algorithm\.ts: /);
  });
});
