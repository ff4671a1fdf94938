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
      'shortest: no trace with fewer than 4 disruption events (events before quiet) breaks capacity-accounting on tiny~swarm',
    );
    expect(lines.at(-1)).toMatch(/^ {2}alphabet of 11 events incl\. the trace's own; 128 states searched, \d+ ms$/);
    expect(readdirSync(out)).toHaveLength(1);
  });

  it("improves skype-2010's 9 disruption events to 6, stores that trace beside the first, and reports both in --json", async () => {
    const out = join(dir, 'skype-2010');
    const argv = ['check', '--algorithm', 'skype-2010', ...tinyRuns, '--out', out, '--confirm-shortest', '--json'];
    const { code, out: stdout } = await runCli(argv);
    expect(code).toBe(1);
    expect(stdout).toHaveLength(1);
    const json = JSON.parse(stdout[0] ?? '');
    expect(json).toMatchObject({
      status: 'violated',
      counterexample: { property: 'shedding-keeps-goodput', step: 9 },
      confirmation: {
        verdict: 'improved',
        property: 'shedding-keeps-goodput',
        disruptionEvents: 9,
        totalEvents: 9,
        alphabetSize: 16,
        ownEvents: [{ kind: 'usageSpike', percent: 302 }],
        distinctStates: 9227,
        counterexample: { property: 'shedding-keeps-goodput', disruptionEvents: 6, step: 6, written: true },
      },
    });
    expect(readdirSync(out).sort()).toEqual(
      [json.counterexample.file, json.confirmation.counterexample.file].map((f) => f.split('/').at(-1)).sort(),
    );
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
      '20',
    ];
    const { code, out } = await runCli(argv);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain(
      "unconfirmed: the states limit stopped the search at depth 1 of the trace's 4 disruption events: no trace with 1 or fewer breaks capacity-accounting on tiny~swarm",
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
