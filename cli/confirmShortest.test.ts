// `check --confirm-shortest` follows a violation with the explorer's bounded search: it says
// "shortest" when no trace with fewer disruption events exists, stores a shorter one beside the
// first when it finds one (still exit 1), and refuses a bad or stray limit in one line with exit 2.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './captured.ts';

const dir = mkdtempSync(join(tmpdir(), 'stormcheck-confirm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tinyRuns = ['--preset', 'tiny', '--runs', '200', '--seed', '1', '--no-progress'];

describe('check --confirm-shortest', () => {
  it("says shortest for B2's shrunk trace on its swarm network, after the usual report", async () => {
    const out = join(dir, 'b2');
    const {
      code,
      out: stdout,
      err,
    } = await runCli(['check', '--algorithm', 'b2-ghost-capacity', ...tinyRuns, '--out', out, '--confirm-shortest']);
    expect(err).toEqual([]);
    expect(code).toBe(1);
    const lines = stdout.join('\n').split('\n');
    expect(lines.at(-2)).toBe(
      'shortest: no trace with fewer than 2 disruption events (events before quiet) breaks capacity-accounting on tiny~swarm',
    );
    expect(lines.at(-1)).toMatch(/^ {2}alphabet of 11 events incl\. the trace's own; 20 states searched, \d+ ms$/);
    expect(readdirSync(out)).toHaveLength(1);
  });

  // From the settled network the shrinker reaches the shortest trace itself; the explorer's
  // 'improved' verdict, and the file it stores beside the first, are tested in explorer/confirmShortest.test.ts.
  it("confirms skype-2010's one disruption event as shortest, stores one file, and reports both in --json", async () => {
    const out = join(dir, 'skype-2010');
    const argv = ['check', '--algorithm', 'skype-2010', ...tinyRuns, '--out', out, '--confirm-shortest', '--json'];
    const { code, out: stdout } = await runCli(argv);
    expect(code).toBe(1);
    expect(stdout).toHaveLength(1);
    const json = JSON.parse(stdout[0] ?? '');
    expect(json).toMatchObject({
      status: 'violated',
      counterexample: { property: 'bounded-reconnection', step: 30 },
      confirmation: {
        verdict: 'shortest',
        property: 'bounded-reconnection',
        disruptionEvents: 1,
        totalEvents: 30,
        alphabetSize: 12,
        ownEvents: [{ kind: 'usageSpike', percent: 151 }],
        distinctStates: 8,
        reproduced: true,
      },
    });
    expect(readdirSync(out)).toEqual([json.counterexample.file.split('/').at(-1)]);
  });

  it('gives an unconfirmed verdict with the depth it verified when the state limit stops it', async () => {
    const argv = [
      'check',
      '--algorithm',
      'b2-ghost-capacity',
      ...tinyRuns,
      '--out',
      join(dir, 'limited'),
      '--confirm-shortest',
      '--confirm-states-max',
      '5',
    ];
    const { code, out } = await runCli(argv);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain(
      "unconfirmed: the states limit stopped the search at depth 0 of the trace's 2 disruption events: no trace with 0 or fewer breaks capacity-accounting on tiny~swarm",
    );
  });
});

describe('bad confirmation flags: one line, exit 2, nothing written', () => {
  const cases: readonly (readonly [string, readonly string[], string])[] = [
    [
      '--confirm-states-max 0',
      ['--confirm-shortest', '--confirm-states-max', '0'],
      "stormcheck: option '--confirm-states-max <n>' argument '0' is invalid. '0' is not a positive integer",
    ],
    [
      '--confirm-time-limit x',
      ['--confirm-shortest', '--confirm-time-limit', 'x'],
      "stormcheck: option '--confirm-time-limit <seconds>' argument 'x' is invalid. 'x' is not a positive integer",
    ],
    [
      'a limit without --confirm-shortest',
      ['--confirm-time-limit', '5'],
      'stormcheck: --confirm-time-limit: limits the search of --confirm-shortest, which is not given',
    ],
  ];
  for (const [name, flags, line] of cases) {
    it(name, async () => {
      const out = join(dir, 'never-written');
      const { code, out: stdout, err } = await runCli(['check', '--out', out, '--algorithm', 'canary', ...tinyRuns, ...flags]);
      expect(err).toEqual([line]);
      expect(code).toBe(2);
      expect(stdout).toEqual([]);
      expect(existsSync(out)).toBe(false);
    });
  }
});
