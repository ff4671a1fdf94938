// The small promises of the command line: no command is exit 2, not a silent 0; a module's
// multi-line error is one line; show --html into a missing folder or onto a folder is one line and
// leaves no temporary file; ANSI escapes in a file are shown escaped, never sent to the terminal;
// a shard that takes no run is refused; the command that repeats a check quotes its paths and keeps --out.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/captured.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { presets } from '../model/index.ts';
import { canaryRecord, healingModule, tempFolder } from './fixtures.ts';

const dir = tempFolder('one-line');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stored = '';
beforeAll(() => {
  stored = storeCounterexample(join(dir, 'ce'), canaryRecord()).path;
});

const fails = (err: string) => ({ code: 2, out: [], err: [`stormcheck: ${err}`] });

describe('one line, exit 2', () => {
  it('no command at all', async () => {
    expect(await runCli([])).toEqual(
      fails('no command given; the commands are check, explore, diff, replay, show, list (stormcheck --help)'),
    );
  });

  it('a module whose import fails with a multi-line message', async () => {
    const module = healingModule(dir, 'multi-line', '', "throw new Error('first line\\nsecond line\\nthird line');");
    expect(await runCli(['replay', stored, '--algorithm', module])).toEqual(fails(`--algorithm: ${module} failed to load: first line`));
  });

  it('show --html into a missing folder', async () => {
    const html = join(dir, 'missing', 'report.html');
    expect(await runCli(['show', stored, '--html', html])).toEqual(fails(`--html: cannot write ${html}: ENOENT`));
  });

  it('show --html onto a folder leaves no temporary file', async () => {
    const html = join(dir, 'a-folder');
    mkdirSync(html);
    expect(await runCli(['show', stored, '--html', html])).toEqual(fails(`--html: cannot write ${html}: EISDIR`));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('--shard 5/5 with --runs 3 takes no run', async () => {
    expect(
      await runCli(['check', '--algorithm', 'healing', '--preset', 'tiny', '--runs', '3', '--shard', '5/5', '--out', join(dir, 'x')]),
    ).toEqual(fails('--shard: 5/5 takes no run of --runs 3: its first run is run 5'));
  });
});

describe('what a file holds cannot drive the terminal', () => {
  it('an ANSI escape in the necessary conditions is shown escaped by show and replay', async () => {
    const record = canaryRecord();
    const conditions = { ...record.conditions, summary: 'red \u001b[31malert\u001b[0m' };
    const path = storeCounterexample(join(dir, 'ansi'), { ...record, conditions }).path;
    for (const command of ['show', 'replay']) {
      const { out } = await runCli([command, path]);
      expect(out.join('\n')).not.toContain('\u001b');
      expect(out.join('\n')).toContain('red \\u001b[31malert\\u001b[0m');
    }
  });
});

describe('the command that repeats a check', () => {
  it('quotes a preset path with spaces, and keeps --out', async () => {
    const preset = join(dir, 'my presets', 'tiny copy.json');
    mkdirSync(join(dir, 'my presets'));
    writeFileSync(preset, JSON.stringify(presets.tiny?.config));
    const out = join(dir, 'out folder');
    const { code, out: stdout } = await runCli([
      'check',
      '--algorithm',
      'healing',
      '--preset',
      preset,
      '--runs',
      '2',
      '--seed',
      '1',
      '--no-progress',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout.join('\n').split('\n')[1]).toBe(
      `replay: npx stormcheck check --algorithm healing --preset '${preset}' --runs 2 --seed 1 --out '${out}'`,
    );
  });
});
