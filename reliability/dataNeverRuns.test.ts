// Opening a counterexample never runs code the file names: `replay` and `show` import a module only
// when the user names one (`--algorithm`) or opts in (`--trust-module`). A module that writes a
// marker file at import proves it, for a relative and an absolute module path, and every command
// that reads a file: replay, replay --json, replay --markdown, show, show --markdown, show --html.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/captured.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { canaryModule, canaryRecord, tempFolder } from './fixtures.ts';

const dir = tempFolder('data-never-runs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const marker = join(dir, 'marker');
let module = '';
let record: CounterexampleFile;
/** The same counterexample, naming the marker module relative to the file's folder and by absolute path. */
const files: Record<'relative' | 'absolute', string> = { relative: '', absolute: '' };

beforeAll(() => {
  module = canaryModule(dir, 'marker', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');`);
  record = canaryRecord();
  const folder = join(dir, 'ce');
  mkdirSync(folder);
  files.relative = storeCounterexample(folder, { ...record, algorithm: { ...record.algorithm, module: '../marker.mjs' } }).path;
  files.absolute = storeCounterexample(join(dir, 'ce-abs'), { ...record, algorithm: { ...record.algorithm, module } }).path;
});

const refusal = (file: string) =>
  `stormcheck: ${file}: field algorithm.module: the file names the module ${module}, which is not run unless you ask: --trust-module imports it, --algorithm <name|path> replays with one you name`;

describe('replay refuses to import the module a file names, in one line with exit 2', () => {
  for (const variant of ['relative', 'absolute'] as const) {
    for (const extra of [[], ['--json'], ['--markdown']]) {
      it(`${variant} module path, replay ${extra.join(' ')}`, async () => {
        const file = files[variant];
        expect(await runCli(['replay', file, ...extra])).toEqual({ code: 2, out: [], err: [refusal(file)] });
        expect(existsSync(marker)).toBe(false);
      });
    }
  }
});

describe('show renders what the file holds and imports nothing', () => {
  for (const variant of ['relative', 'absolute'] as const) {
    it(`${variant} module path, show`, async () => {
      const file = files[variant];
      const { code, out, err } = await runCli(['show', file]);
      expect({ code, err }).toEqual({ code: 0, err: [] });
      const lines = (out[0] ?? '').split('\n');
      expect(lines.slice(0, 5)).toEqual([
        `${record.property} · canary · from a cold start, ${record.events.length} events · stored as a known bug`,
        record.explanation,
        `necessary conditions: it ${record.conditions.summary}`,
        `recorded: violated at step ${record.violation.step}: ${record.violation.message}${record.violation.nodes.length > 0 ? ` (${record.violation.nodes.map((i) => `node ${i} (bootstrap)`).join(', ')})` : ''}`,
        `note: no states, as nothing was replayed: the file names the module ${module}, which is not run unless you ask (--trust-module, or --algorithm <name|path>); the story, the states and the algorithm's decisions need it`,
      ]);
      expect(lines.filter((l) => l.startsWith('>>'))).toHaveLength(1);
      expect(existsSync(marker)).toBe(false);
    });
  }

  it('show --step: the recorded event, and what the rest needs', async () => {
    const { code, out } = await runCli(['show', files.relative, '--step', '1']);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('note: the decisions and the changed fields need a replay, and the file names the module');
    expect(existsSync(marker)).toBe(false);
  });

  it('show --markdown', async () => {
    const { code, out } = await runCli(['show', files.relative, '--markdown']);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('note: no states, as nothing was replayed');
    expect(out.join('\n')).toMatch(/^```text\n[\s\S]*\n```$/);
    expect(existsSync(marker)).toBe(false);
  });

  it('show --html writes a page from the file alone', async () => {
    const html = join(dir, 'report.html');
    expect(await runCli(['show', files.absolute, '--html', html])).toEqual({ code: 0, out: [`wrote ${html}`], err: [] });
    expect(readFileSync(html, 'utf8')).toContain('no states, as nothing was replayed');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the module runs only when the user asks', () => {
  it('--algorithm names the algorithm to replay with: the recorded module is not imported', async () => {
    const { code, out } = await runCli(['replay', files.relative, '--algorithm', 'canary', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ algorithm: 'canary', asExpected: true, divergence: null });
    expect(existsSync(marker)).toBe(false);
  });

  it('--trust-module imports the module the file names, and the replay violates as recorded', async () => {
    const { code, out } = await runCli(['replay', files.relative, '--trust-module', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ algorithm: 'canary', asExpected: true, step: record.violation.step });
    expect(readFileSync(marker, 'utf8')).toBe('ran');
    rmSync(marker);
  });

  it('show --trust-module replays it for the states', async () => {
    const { code, out } = await runCli(['show', files.absolute, '--trust-module']);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain(`replay: violated at step ${record.violation.step}`);
    // The module was imported in this process already: the marker is not written twice.
  });
});
