// A check killed at the write of its counterexample (SIGKILL, as a power cut or `kill -9`) leaves
// only complete files in --out, and no finding is lost: the rerun stores it, or finds it stored,
// and removes the temporary file the killed process left. A leftover that cannot be removed is
// reported in one line. The kill comes from inside the child at a chosen point (io/faultPoint.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCounterexample } from '../corpus/load.ts';
import { repo, tempFolder } from './fixtures.ts';

const dir = tempFolder('faults');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real command line in a child process, with `STORMCHECK_KILL_AT` set when `killAt` is given. */
function check(out: string, killAt?: string) {
  const argv = ['check', '--algorithm', 'canary', '--preset', 'tiny', '--runs', '20', '--seed', '1', '--no-progress', '--out', out];
  const env = { ...process.env, STORMCHECK_KILL_AT: killAt ?? '' };
  return spawnSync(process.execPath, [join(repo, 'bin', 'stormcheck.js'), ...argv], { encoding: 'utf8', env, timeout: 60_000 });
}

/** Every visible file in `out` is a complete, valid counterexample; returns the names, and the hidden leftovers apart. */
function contents(out: string): { complete: string[]; hidden: string[] } {
  const names = readdirSync(out).sort();
  const complete = names.filter((n) => !n.startsWith('.'));
  for (const name of complete) loadCounterexample(join(out, name));
  return { complete, hidden: names.filter((n) => n.startsWith('.')) };
}

describe('killed at the write, the folder holds only complete files, and the rerun loses nothing', () => {
  it('killed after the temporary file is written, before it is linked: no counterexample yet; the rerun stores it and cleans up', () => {
    const out = join(dir, 'temp-written');
    const killed = check(out, 'temp-written');
    expect(killed.signal).toBe('SIGKILL');
    const before = contents(out);
    expect(before.complete).toEqual([]);
    expect(before.hidden).toHaveLength(1);
    expect(before.hidden[0]).toMatch(/^\.capacity--canary--[0-9a-f]{8}\.json\.\d+\.\d+\.tmp$/);

    const rerun = check(out);
    expect(rerun.status).toBe(1);
    expect(rerun.stderr).toBe('');
    const after = contents(out);
    expect(after.hidden).toEqual([]);
    expect(after.complete).toHaveLength(1);
    expect(rerun.stdout).toContain(`wrote ${join(out, after.complete[0] ?? '')}`);
  });

  it('killed after the link, before the temporary file is removed: the counterexample is complete; the rerun finds it stored and cleans up', () => {
    const out = join(dir, 'linked');
    const killed = check(out, 'linked');
    expect(killed.signal).toBe('SIGKILL');
    const before = contents(out);
    expect(before.complete).toHaveLength(1);
    expect(before.hidden).toHaveLength(1);

    const rerun = check(out);
    expect(rerun.status).toBe(1);
    expect(rerun.stderr).toBe('');
    expect(rerun.stdout).toContain(`already stored by an earlier run, nothing new written: ${join(out, before.complete[0] ?? '')}`);
    expect(contents(out)).toEqual({ complete: before.complete, hidden: [] });
  });

  it("a live process's temporary file is left alone: it may be writing into the same folder", () => {
    const out = join(dir, 'live');
    mkdirSync(out);
    // This test's own process is alive while the child runs.
    const live = `.capacity--canary--00000000.json.${process.pid}.1.tmp`;
    writeFileSync(join(out, live), 'half a counterexample');
    const rerun = check(out);
    expect(rerun.status).toBe(1);
    expect(contents(out).hidden).toEqual([live]);
  });

  it('a leftover that cannot be removed is reported in one line, and the check goes on', () => {
    const out = join(dir, 'unremovable');
    // A folder by a temporary file's name, of a process long gone: unlink cannot remove a folder.
    const stuck = join(out, '.capacity--canary--00000000.json.999999999.1.tmp');
    mkdirSync(stuck, { recursive: true });
    writeFileSync(join(stuck, 'x'), '');
    const rerun = check(out);
    expect(rerun.status).toBe(1);
    expect(rerun.stderr).toBe(`stormcheck: --out: cannot remove ${stuck}, left by a write that was cut short: EISDIR\n`);
    expect(contents(out).complete).toHaveLength(1);
  });
});
