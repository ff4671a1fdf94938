// What CI systems read: JUnit whose <failure> holds the rendered trace, the file and the replay
// command, with real times, suites named by shard, and properties a stopped search did not finish
// reported as skipped, never passed; `explore --junit` too; and on GitHub Actions a job summary
// in Markdown and an ::error annotation on the algorithm's file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProperties as properties } from '../properties/registry.ts';
import { runCli, withEnv } from './captured.ts';
import { checkSuite } from './junit.ts';

const repo = resolve(import.meta.dirname, '..');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stormcheck-junit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether every tag in `xml` is closed in order: enough to tell a truncated or garbled report. */
function balanced(xml: string): boolean {
  const open: string[] = [];
  for (const [, close, name, selfClosing] of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing === '/') continue;
    if (close === '/') {
      if (open.pop() !== name) return false;
    } else open.push(name ?? '');
  }
  return open.length === 0;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function junitOf(argv: string[]): Promise<{ code: number; xml: string; out: string[] }> {
  const report = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
  const { code, out } = await runCli([...argv, '--junit', report]);
  const xml = readFileSync(report, 'utf8');
  expect(balanced(xml)).toBe(true);
  return { code, xml, out };
}

const tiny = ['--preset', 'tiny', '--runs', '20', '--seed', '1', '--no-progress'];

describe('check --junit', () => {
  it("puts the rendered trace, the file and the replay command in the violated property's failure, and skips the rest", async () => {
    const out = join(dir, 'canary');
    const { code, xml } = await junitOf(['check', '--algorithm', 'canary', ...tiny, '--out', out]);
    expect(code).toBe(1);
    expect(xml.match(/<testcase /g)).toHaveLength(properties.length);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(
      xml.match(/<skipped message="the search stopped at the first violation \(capacity, run \d+\); not checked to the full budget"\/>/g),
    ).toHaveLength(properties.length - 1);
    expect(xml).toMatch(
      new RegExp(`<testsuites tests="${properties.length}" failures="1" skipped="${properties.length - 1}" time="\\d+\\.\\d{3}">`),
    );
    expect(xml).toContain('<testsuite name="stormcheck check canary on tiny, seed 1" ');
    const body = unescapeXml(xml.match(/<failure message="[^"]+" type="violation">([\s\S]*?)<\/failure>/)?.[1] ?? '');
    expect(body).toMatch(/step +tick +event/);
    const file = body.match(/^file: (\S+)$/m)?.[1] ?? '';
    expect(file.startsWith(`${out}/capacity--canary--`)).toBe(true);
    expect(body).toContain(`replay: npx stormcheck replay ${file}`);
    // A real time, not 0: the search took some milliseconds at least.
    expect(xml).not.toMatch(/<testsuite [^>]*time="0\.000"/);
  });

  it('reports a pass as passed, and names each shard’s suite apart', async () => {
    const suites: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const argv = [
        'check',
        '--algorithm',
        'healing',
        ...tiny,
        '--property',
        'capacity',
        '--property',
        'roles',
        '--shard',
        shard,
        '--out',
        dir,
      ];
      const { code, xml } = await junitOf(argv);
      expect(code).toBe(0);
      expect(xml).toContain('<testsuites tests="2" failures="0" skipped="0" ');
      expect(xml).not.toMatch(/<failure|<skipped/);
      suites.push(xml.match(/<testsuite name="([^"]+)"/)?.[1] ?? '');
    }
    expect(suites).toEqual(['stormcheck check healing on tiny, seed 1, shard 1/2', 'stormcheck check healing on tiny, seed 1, shard 2/2']);
  });
});

describe('a passed check in JUnit', () => {
  it('reports a healing property that no run exercised as skipped, never as passed', () => {
    const exercised = Object.fromEntries(properties.filter((p) => p.kind === 'healing').map((p) => [p.name, 3]));
    const result = {
      status: 'passed',
      seed: 1,
      runs: 3,
      steps: 90,
      elapsedMs: 5,
      exercised: { ...exercised, 'matches-optimal': 0 },
    } as const;
    const label = { command: 'check', algorithm: 'healing', preset: 'tiny', detail: 'seed 1' } as const;
    const outcomes = new Map(checkSuite(label, result, properties, null).cases.map((c) => [c.name, c.outcome]));
    expect(outcomes.get('matches-optimal')).toEqual({ kind: 'skipped', message: 'not exercised: none of the 3 runs reached its premise' });
    expect(outcomes.get('bounded-reconnection')).toEqual({ kind: 'passed' });
    expect(outcomes.get('capacity')).toEqual({ kind: 'passed' });
  });
});

describe('explore --junit', () => {
  it('passes every property verified to the depth asked for', async () => {
    const { code, xml } = await junitOf(['explore', '--algorithm', 'healing', '--depth-max', '2', '--property', 'capacity', '--out', dir]);
    expect(code).toBe(0);
    expect(xml).toContain('<testsuite name="stormcheck explore healing on tiny, depth 2" tests="1" failures="0" skipped="0" ');
  });

  it('fails the violated property with its shortest trace, file and replay command', async () => {
    const { code, xml } = await junitOf(['explore', '--algorithm', 'canary', '--depth-max', '4', '--out', join(dir, 'explored')]);
    expect(code).toBe(1);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(unescapeXml(xml)).toMatch(/replay: npx stormcheck replay \S+explored\/\S+\.json<\/failure>/);
  });
});

describe('on GitHub Actions', () => {
  it('appends a Markdown job summary and annotates the algorithm file with the property and the replay command', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const module = join(dir, 'admit-all.ts');
    writeFileSync(
      module,
      `import { type AllocationAlgorithm, healing, isUsableSupernode } from '${repo}/index.ts';\nexport const algorithm: AllocationAlgorithm = { ...healing, name: 'admit-all', admit: (view, s) => isUsableSupernode(view.state, s), plan: (view, memory, random) => ({ ...healing.plan(view, memory, random), shed: [] }) };\n`,
    );
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir };
    const ran = await withEnv(env, () => runCli(['check', '--algorithm', module, ...tiny, '--runs', '100', '--out', join(dir, 'gh')]));
    expect(ran.code).toBe(1);
    const annotation = ran.out.find((line) => line.startsWith('::error '));
    expect(annotation).toMatch(
      /^::error file=admit-all\.ts,title=capacity broken \(stormcheck check admit-all on tiny%2C seed 1\)::.+%0Areplay: npx stormcheck replay \S+\.json --algorithm \S+admit-all\.ts$/,
    );
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/^### ❌ stormcheck check admit-all on tiny, seed 1\n\nviolated: capacity after \d+ events\n/);
    expect(markdown).toMatch(
      /```sh\nnpx stormcheck replay \S+gh\/capacity--admit-all--[0-9a-f]{8}\.json --algorithm \S+admit-all\.ts\n```/,
    );
  });
});
