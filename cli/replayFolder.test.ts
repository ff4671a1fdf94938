// The corpus as a unit: `replay <folder>` replays every file and exits 1 when any does not replay
// as it expects, naming it; `--algorithm` replaces the recorded one, so that `show` and `replay`
// work on a file copied out of its checkout (a CI artifact), whose relative module path no longer resolves.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './captured.ts';

const repo = resolve(import.meta.dirname, '..');
let dir = '';
let corpus = '';
let files: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stormcheck-replay-folder-'));
  corpus = join(dir, 'corpus');
  const tiny = ['--preset', 'tiny', '--runs', '50', '--seed', '1', '--no-progress', '--out', corpus, '--json'];
  for (const algorithm of ['canary', 'b3-shutdown-cascade'])
    expect((await runCli(['check', '--algorithm', algorithm, ...tiny])).code).toBe(1);
  files = readdirSync(corpus).map((f) => join(corpus, f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay <folder>', () => {
  it('replays every file: exit 0 while each replays as it expects', async () => {
    const ran = await runCli(['replay', corpus]);
    expect(files).toHaveLength(2);
    expect(ran.code).toBe(0);
    expect(ran.out.filter((line) => line.startsWith('ok '))).toHaveLength(2);
    expect(ran.out.at(-1)).toBe('2 of 2 files replay as they expect');
  });

  it('exits 1 and names the file that does not, with --algorithm for every file', async () => {
    const ran = await runCli(['replay', corpus, '--algorithm', 'healing', '--json']);
    expect(ran.code).toBe(1);
    const report = JSON.parse(ran.out[0] ?? '') as { status: string; files: { file: string; verdict: string; asExpected: boolean }[] };
    expect(report.status).toBe('violated');
    expect(report.files.map((f) => f.file)).toEqual(files);
    expect(report.files.every((f) => f.verdict === 'holds' && !f.asExpected)).toBe(true);
  });

  it('lists a file it cannot read and exits 2; an empty folder is one line, exit 2', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    copyFileSync(files[0] ?? '', join(broken, 'a.json'));
    writeFileSync(join(broken, 'b.json'), '{');
    const ran = await runCli(['replay', broken]);
    expect(ran.code).toBe(2);
    expect(ran.out[0]).toMatch(/^ok {5}/);
    expect(ran.out[1]).toMatch(new RegExp(`^error  ${join(broken, 'b.json')}: ${join(broken, 'b.json')}: not valid JSON`));
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await runCli(['replay', empty])).toMatchObject({
      code: 2,
      err: [`stormcheck: ${empty}: holds no counterexample files (*.json)`],
    });
  });
});

describe('--algorithm on a file copied out of its checkout', () => {
  it('lets show and replay render a user algorithm’s file whose recorded module path does not resolve', async () => {
    const module = join(dir, 'project', 'admit-all.ts');
    mkdirSync(join(dir, 'project'));
    writeFileSync(
      module,
      `import { type AllocationAlgorithm, healing, isUsableSupernode } from '${repo}/index.ts';\nexport const algorithm: AllocationAlgorithm = { ...healing, name: 'admit-all', admit: (view, s) => isUsableSupernode(view.state, s), plan: (view, memory, random) => ({ ...healing.plan(view, memory, random), shed: [] }) };\n`,
    );
    const out = join(dir, 'project', 'counterexamples');
    const found = await runCli(['check', '--algorithm', module, '--preset', 'tiny', '--runs', '50', '--seed', '1', '--out', out, '--json']);
    const file = (JSON.parse(found.out[0] ?? '') as { counterexample: { file: string } }).counterexample.file;
    const artifact = join(dir, 'downloaded', 'artifact.json');
    mkdirSync(join(dir, 'downloaded'));
    copyFileSync(file, artifact);
    expect(JSON.parse(readFileSync(artifact, 'utf8')).algorithm.module).toBe('../admit-all.ts');
    // Without --algorithm the module the file names is not run: show renders the file's own events, replay refuses.
    expect((await runCli(['show', artifact])).code).toBe(0);
    expect((await runCli(['replay', artifact])).code).toBe(2);
    const shown = await runCli(['show', artifact, '--algorithm', module]);
    expect(shown.code).toBe(0);
    expect(shown.out.join('\n')).toMatch(/replay: violated at step \d+/);
    expect((await runCli(['replay', artifact, '--algorithm', module])).code).toBe(1);
  });
});
