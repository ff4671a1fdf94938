// The CLI runs every check, every exploration and every confirmation of a counterexample on a watched
// worker thread: an algorithm that loops forever ends in one line and exit 2 instead of a hung
// process, a search that keeps advancing is never taken for a hung one, and a search run there finds
// exactly what it finds in this thread.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, writeHealingVariant } from './captured.ts';
import { inThisThread, onWorkers, type Runners } from './runInWorker.ts';

const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'stormcheck-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (runners: Runners, ...argv: string[]) => runCli(argv, runners);

/**
 * An algorithm module: a built-in (`base`, the healing reference unless told) with `plan` replaced
 * by `plan`, given as source that may call the built-in by its exported name. It is JavaScript, so
 * that the CLI does not spend seconds type-checking it before each test.
 */
function withPlan(name: string, plan: string, base: 'healing' | 'skype2010' = 'healing'): string {
  const module = join(dir, `${name}.js`);
  writeFileSync(
    module,
    [
      `import { ${base} } from '${repo}/algorithms/index.ts';`,
      'let calls = 0;',
      `export const algorithm = { ...${base}, name: '${name}', plan: (view, memory, random) => { calls++; ${plan} } };`,
      '',
    ].join('\n'),
  );
  return module;
}

/** What one JSON result says, but for the numbers that depend on the machine's speed. */
function untimed(text: string | undefined): Record<string, unknown> {
  const { elapsedMs: _, statesPerSecond: __, ...rest } = JSON.parse(text ?? '') as Record<string, unknown>;
  return rest;
}

describe('checks on a worker thread', () => {
  it('end an algorithm that stops returning, with one line and exit 2', async () => {
    const module = writeHealingVariant(
      join(dir, 'hangs.ts'),
      "name: 'hangs', admit: (view, s, i) => { if (++calls > 50) for (;;) {} return healing.admit(view, s, i); }",
      ['let calls = 0;'],
    );
    // --run-timeout is the flag's name from before explore had a watchdog too; it still works.
    const { code, err } = await run(
      onWorkers,
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
      `stormcheck: algorithm '${module}' showed no progress for 2 s in run 2: does it loop forever? (--hang-timeout raises the limit)`,
    ]);
  });

  it('find the same counterexample as this thread', async () => {
    const argv = ['check', '--algorithm', 'canary', '--preset', 'tiny', '--runs', '20', '--seed', '3', '--json', '--out', join(dir, 'ce')];
    const there = await run(onWorkers, ...argv);
    const here = await run(inThisThread, ...argv);
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

  it('refuse the old and the new name of the silence limit together', async () => {
    const { code, err } = await run(onWorkers, 'check', '--run-timeout', '2', '--hang-timeout', '3');
    expect(code).toBe(2);
    expect(err).toEqual(["stormcheck: option '--run-timeout <seconds>' cannot be used with option '--hang-timeout <seconds>'"]);
  });
});

describe('explorations on a worker thread', () => {
  // On tiny, plan is called some 30 times to settle the network, and, with the safety property alone
  // (no quiet phase) and every random choice of a tick stepped, over 400 times by depth 4.
  it('end an algorithm that stops returning, with one line naming the depth and exit 2', async () => {
    const module = withPlan('hangs-at-depth-4', 'if (calls > 400) for (;;) {} return healing.plan(view, memory, random);');
    const argv = ['explore', '--algorithm', module, '--property', 'capacity', '--depth-max', '4', '--hang-timeout', '1'];
    const { code, out, err } = await run(onWorkers, ...argv);
    expect({ code, out, err }).toEqual({
      code: 2,
      out: [],
      err: [
        `stormcheck: algorithm '${module}' showed no progress for 1 s while exploring depth 4: does it loop forever? (--hang-timeout raises the limit)`,
      ],
    });
  });

  it('end an algorithm that stops returning on a search worker, which the search thread only waits for', async () => {
    // Depth 0's one state's quiet phase is the first call to plan, and with --workers it is made on a search worker.
    const module = withPlan('always-hangs', 'for (;;) {}');
    const { code, err } = await run(onWorkers, 'explore', '--algorithm', module, '--workers', '2', '--hang-timeout', '1');
    expect(code).toBe(2);
    expect(err).toEqual([
      `stormcheck: algorithm '${module}' showed no progress for 1 s while exploring depth 0: does it loop forever? (--hang-timeout raises the limit)`,
    ]);
  });

  it('keep a slow search alive past --hang-timeout while its workers take a long level', async () => {
    // 3 ms a call to plan: depth 1's ten quiet phases, every branch of their choices stepped, keep the two search
    // workers busy for well over the 1 s limit while the search thread waits, though no one phase comes near it.
    const slow = 'for (const until = Date.now() + 3; Date.now() < until; ) {} return healing.plan(view, memory, random);';
    const module = withPlan('slow', slow);
    const argv = ['explore', '--algorithm', module, '--depth-max', '1', '--workers', '2', '--hang-timeout', '1', '--json'];
    const { code, out, err } = await run(onWorkers, ...argv);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(untimed(out[0])).toMatchObject({ status: 'depthComplete', limit: 'depth', depth: 1, distinctStates: 11, transitions: 11 });
  });

  it('stop at --time-limit, their budget, with exit 0 and the deepest complete level', async () => {
    const argv = [
      'explore',
      '--algorithm',
      'healing',
      '--preset',
      'small',
      '--depth-max',
      '50',
      '--time-limit',
      '2',
      // One state's quiet phase on small, every branch of its choices, takes over a second.
      '--hang-timeout',
      '20',
    ];
    const { code, out } = await run(onWorkers, ...argv, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out[0] ?? '');
    expect(json).toMatchObject({ status: 'depthComplete', limit: 'time', algorithm: 'healing', preset: 'small' });
    expect(json.distinctStates).toBeGreaterThan(0);
  });

  it('find and store the same shortest counterexample as this thread', async () => {
    const argv = ['explore', '--algorithm', 'b2-ghost-capacity', '--depth-max', '6', '--json'];
    const there = await run(onWorkers, ...argv, '--out', join(dir, 'there'));
    const here = await run(inThisThread, ...argv, '--out', join(dir, 'here'));
    expect(there.code).toBe(1);
    const { counterexample: a, ...thereRest } = untimed(there.out[0]) as { counterexample: { file: string } };
    const { counterexample: b, ...hereRest } = untimed(here.out[0]) as { counterexample: { file: string } };
    expect(thereRest).toEqual(hereRest);
    expect({ ...a, file: a.file.replace(join(dir, 'there'), '') }).toEqual({ ...b, file: b.file.replace(join(dir, 'here'), '') });
  });

  it('report an algorithm that throws as a broken contract with its trace (exit 2, one line), as this thread does', async () => {
    const module = withPlan('throws', "throw new Error('plan exploded');");
    const argv = ['explore', '--algorithm', module, '--depth-max', '2', '--json', '--out', join(dir, 'throws')];
    const there = await run(onWorkers, ...argv);
    expect(there.code).toBe(2);
    expect(there.err).toEqual([
      'stormcheck: algorithm throws broke the interface contract: algorithm-threw at tick 1: throws.plan threw: plan exploded',
    ]);
    expect(untimed(there.out[0])).toMatchObject({
      status: 'violated',
      // The first plan is in the settle phase: the contract breaks before any event.
      counterexample: { property: 'contract', step: 0, events: [] },
    });
    expect(untimed(there.out[0])).toEqual(untimed((await run(inThisThread, ...argv)).out[0]));
  });
});

describe('confirmations on a worker thread', () => {
  it("end an algorithm that stops returning in the search, after the check's report, with one line naming the depth and exit 2", async () => {
    // Seed 1's failing run on tiny breaks skype-2010's reconnection bound after a 151% spike, and
    // the traces shrinking tries never reach 200%; the search's alphabet has a 200% spike
    // (alphabetOf), whose quiet suffix is the first plan to see it. plan reads only the state.
    const busyDay = 'if (view.state.usagePercent === 200) for (;;) {} return skype2010.plan(view, memory, random);';
    const module = withPlan('hangs-on-a-busy-day', busyDay, 'skype2010');
    const out = join(dir, 'busy-day');
    const argv = ['check', '--algorithm', module, '--preset', 'tiny', '--runs', '200', '--seed', '1', '--no-progress', '--out', out];
    const { code, out: stdout, err } = await run(onWorkers, ...argv, '--confirm-shortest', '--hang-timeout', '1');
    expect({ code, err }).toEqual({
      code: 2,
      err: [
        `stormcheck: algorithm '${module}' showed no progress for 1 s while confirming the shortest counterexample, exploring depth 1: does it loop forever? (--hang-timeout raises the limit)`,
      ],
    });
    // The check's counterexample was stored and reported before the search began.
    const [file] = readdirSync(out);
    expect(readdirSync(out)).toHaveLength(1);
    expect(stdout.join('\n')).toContain(`wrote ${join(out, file ?? '')} (shrunk from 2 to 1 disruption event; 28 quiet ticks follow)`);
  });

  it("find and confirm the same shortest counterexample as this thread (skype-2010's one disruption event)", async () => {
    const argv = ['check', '--algorithm', 'skype-2010', '--preset', 'tiny', '--runs', '200', '--seed', '1', '--confirm-shortest', '--json'];
    // The same report but for the folder and the milliseconds; the counts show the search ran the same.
    const normal = (text: string | undefined, out: string) =>
      JSON.parse((text ?? '').replaceAll(out, '<out>').replace(/"elapsedMs":\d+/g, '"elapsedMs":0')) as Record<string, unknown>;
    const [there, here] = [join(dir, 'confirm-there'), join(dir, 'confirm-here')];
    const onWorker = await run(onWorkers, ...argv, '--out', there);
    const inThread = await run(inThisThread, ...argv, '--out', here);
    expect(onWorker.code).toBe(1);
    expect(normal(onWorker.out[0], there)).toEqual(normal(inThread.out[0], here));
    expect(normal(onWorker.out[0], there)).toMatchObject({ confirmation: { verdict: 'shortest', distinctStates: 8 } });
    expect(readdirSync(there).sort()).toEqual(readdirSync(here).sort());
  });
});
