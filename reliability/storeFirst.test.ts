// A finding is stored before anything else can fail: `--out` and `--junit` are checked before the
// search starts (one line, exit 2); the counterexample is stored before the JUnit report is
// written; and when storing fails anyway, one line names the folder while the counterexample is
// still printed on stdout, also with --json, and the exit code stays 1.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/captured.ts';
import { diffInProcess, inThisThread, runInProcess } from '../cli/runInWorker.ts';
import { tempFolder } from './fixtures.ts';

const dir = tempFolder('store-first');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const canaryRuns = ['check', '--algorithm', 'canary', '--preset', 'tiny', '--runs', '20', '--seed', '1', '--no-progress'];

/** `argv` with `--out` a file: one line, exit 2, before anything runs. */
async function refusesOutFile(argv: readonly string[], name: string): Promise<void> {
  const out = join(dir, name);
  writeFileSync(out, 'not a folder');
  expect(await runCli([...argv, '--out', out])).toEqual({ code: 2, out: [], err: [`stormcheck: --out: ${out} is a file, not a folder`] });
}

describe('--out and --junit are checked before the search: one line, exit 2, nothing searched', () => {
  it('--out is a file', () => refusesOutFile(canaryRuns, 'a-file'));

  it('--out under a file', async () => {
    const file = join(dir, 'b-file');
    writeFileSync(file, 'not a folder');
    const out = join(file, 'ce');
    expect(await runCli([...canaryRuns, '--out', out])).toEqual({
      code: 2,
      out: [],
      err: [`stormcheck: --out: ${out}: ${file} is a file, not a folder`],
    });
  });

  it('--out in a folder no one may write in (/sys refuses even root)', async () => {
    expect(await runCli([...canaryRuns, '--out', '/sys/stormcheck-ce'])).toEqual({
      code: 2,
      out: [],
      err: ['stormcheck: --out: cannot write in /sys: EACCES'],
    });
  });

  it('--junit into a folder under a file', async () => {
    const file = join(dir, 'junit-parent-file');
    writeFileSync(file, 'not a folder');
    const junit = join(file, 'reports', 'report.xml');
    const out = join(dir, 'junit-missing-ce');
    expect(await runCli([...canaryRuns, '--out', out, '--junit', junit])).toEqual({
      code: 2,
      out: [],
      err: [`stormcheck: --junit: ${join(file, 'reports')}: ${file} is a file, not a folder`],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('--junit onto a folder', async () => {
    const junit = join(dir, 'a-folder.xml');
    mkdirSync(junit);
    expect(await runCli([...canaryRuns, '--out', join(dir, 'x'), '--junit', junit])).toEqual({
      code: 2,
      out: [],
      err: [`stormcheck: --junit: ${junit} is a folder`],
    });
  });
});

describe('a --junit folder that does not exist yet is made: the finding is stored and the report written', () => {
  it('--junit reports/x.xml in a missing folder, as the example workflow writes it', async () => {
    const out = join(dir, 'junit-made-ce');
    const junit = join(dir, 'made', 'reports', 'x.xml');
    const { code, out: stdout, err } = await runCli([...canaryRuns, '--out', out, '--junit', junit]);
    expect({ code, err }).toEqual({ code: 1, err: [] });
    expect(readdirSync(out)).toHaveLength(1);
    expect(existsSync(junit)).toBe(true);
    // The command that searches again keeps --out, so that a second run says "already stored".
    expect(stdout).toContain(`search again: npx stormcheck check --algorithm canary --preset tiny --runs 20 --seed 1 --out ${out}`);
  });
});

/** A check or a diff that, while it runs, has `sabotage` happen to the file system, as another process might. */
const sabotaged = (sabotage: () => void) => ({
  ...inThisThread,
  check: async (...args: Parameters<typeof runInProcess>) => {
    const result = await runInProcess(...args);
    sabotage();
    return result;
  },
  diff: async (...args: Parameters<typeof diffInProcess>) => {
    const diffed = await diffInProcess(...args);
    sabotage();
    return diffed;
  },
});

/**
 * `argv --json` with `--out` replaced by a file while it runs: its exit code, stderr and one JSON
 * object, and the line that says the counterexample could not be stored.
 */
async function withOutReplaced(argv: readonly string[], name: string) {
  const out = join(dir, name);
  const {
    code,
    out: stdout,
    err,
  } = await runCli(
    [...argv, '--out', out, '--json'],
    sabotaged(() => writeFileSync(out, 'a file now')),
  );
  expect(stdout).toHaveLength(1);
  const refused = `stormcheck: --out: cannot store the counterexample in ${out}: EEXIST; it is printed on stdout`;
  // biome-ignore lint/suspicious/noExplicitAny: the test reads fields of check's and diff's JSON alike.
  return { code, err, refused, json: JSON.parse(stdout[0] ?? '') as any };
}

describe('when writing fails after the search, the finding is not lost', () => {
  it('--out replaced by a file during the search: one line, the counterexample on stdout, exit 1', async () => {
    const out = join(dir, 'replaced');
    const {
      code,
      out: stdout,
      err,
    } = await runCli(
      [...canaryRuns, '--out', out],
      sabotaged(() => writeFileSync(out, 'a file now')),
    );
    expect(code).toBe(1);
    expect(err).toEqual([`stormcheck: --out: cannot store the counterexample in ${out}: EEXIST; it is printed on stdout`]);
    const text = stdout.join('\n');
    expect(text).toContain('replay: violated at step');
    expect(text).toContain('not stored (shrunk from');
    expect(text).toContain('search again: npx stormcheck check --algorithm canary --preset tiny --runs 20 --seed 1');
  });

  it('the same with --json: one object, holding the events, with no file', async () => {
    const { code, err, refused, json } = await withOutReplaced(canaryRuns, 'replaced-json');
    expect({ code, err }).toEqual({ code: 1, err: [refused] });
    expect(json.status).toBe('violated');
    expect(json.counterexample.file).toBe(null);
    expect(json.counterexample.written).toBe(false);
    // The canary breaks in the settle phase, so its trace is the settle phase and no event after it.
    expect(json.counterexample).toMatchObject({ property: 'capacity', events: [] });
  });

  it('the JUnit report comes after the counterexample: its folder now a file, the counterexample is stored, one line, exit 1', async () => {
    const out = join(dir, 'stored-first');
    const reports = join(dir, 'reports');
    mkdirSync(reports);
    const junit = join(reports, 'junit.xml');
    const {
      code,
      out: stdout,
      err,
    } = await runCli(
      [...canaryRuns, '--out', out, '--junit', junit],
      sabotaged(() => {
        rmSync(reports, { recursive: true });
        writeFileSync(reports, 'a file now');
      }),
    );
    expect(code).toBe(1);
    expect(err).toEqual([`stormcheck: --junit: cannot write ${junit}: EEXIST`]);
    expect(readdirSync(out)).toHaveLength(1);
    expect(stdout.join('\n')).toContain(`wrote ${join(out, readdirSync(out)[0] ?? '')}`);
  });
});

describe('explore keeps the same promises', () => {
  it('--out is a file: one line, exit 2, before the search', () =>
    refusesOutFile(['explore', '--algorithm', 'canary', '--preset', 'tiny', '--depth-max', '2'], 'explore-file'));
});

describe('diff keeps the same promises', () => {
  const diffRuns = ['diff', '--base', 'healing', '--head', 'canary', '--preset', 'tiny', '--runs', '2', '--seed', '1'];

  it('--out is a file: one line, exit 2, before any run', () => refusesOutFile(diffRuns, 'diff-file'));

  it('a regression is stored before the report; --out replaced by a file during the runs: one line, the events in --json, exit 1', async () => {
    const { code, err, refused, json } = await withOutReplaced(diffRuns, 'diff-replaced');
    expect({ code, err }).toEqual({ code: 1, err: [refused] });
    expect(json.status).toBe('regressed');
    // Run 1 breaks the same property: counted with run 0, not shrunk or stored again.
    expect(json.regressions).toEqual([{ preset: 'tiny', run: 0, property: 'capacity', file: null, baseOnShrunk: 'holds', moreRuns: [1] }]);
  });

  it('the stored regression is the file the report names', async () => {
    const out = join(dir, 'diff-stored');
    const { code, out: stdout } = await runCli([...diffRuns, '--out', out, '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout[0] ?? '') as { regressions: { file: string }[] };
    expect([...new Set(json.regressions.map((r) => r.file))]).toEqual(readdirSync(out).map((name) => join(out, name)));
  });
});
