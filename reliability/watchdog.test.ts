// Everything that runs a user's code runs on a watched worker thread, the import included: an import
// that loops, a process.exit at import or in a call, a memory bomb, a throwing timer, and replay or
// show of an algorithm that loops, each end in one line with exit 2 (or pass, for the harmless
// timer), never a hang, a stack trace or a silent pass. A healthy run slower than --hang-timeout
// is not cut: signs of life come from inside the run, at every call of the algorithm.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/captured.ts';
import { onWorkers, workerHeapMb } from '../cli/runInWorker.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { canaryModule, canaryRecord, healingModule, tempFolder } from './fixtures.ts';

const dir = tempFolder('watchdog');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (module: string, ...extra: string[]) =>
  runCli(
    [
      'check',
      '--algorithm',
      module,
      '--preset',
      'tiny',
      '--runs',
      '5',
      '--seed',
      '1',
      '--no-progress',
      '--out',
      join(dir, 'out'),
      ...extra,
    ],
    onWorkers,
  );
const hung = (module: string, where: string) =>
  `stormcheck: algorithm '${module}' showed no progress for 2 s ${where}: does it loop forever? (--hang-timeout raises the limit)`;
const exited = (module: string, code: number, where: string) =>
  `stormcheck: algorithm '${module}' ended the worker thread with exit code ${code} ${where}: an algorithm must not call process.exit`;

let stored = '';
beforeAll(() => {
  stored = storeCounterexample(join(dir, 'ce'), canaryRecord()).path;
});

describe('the import runs on the watched thread', () => {
  it('a module that loops at import ends in one line', async () => {
    const module = healingModule(dir, 'loops-at-import', '', 'for (;;) {}');
    expect(await check(module, '--hang-timeout', '2')).toEqual({ code: 2, out: [], err: [hung(module, 'while it loads')] });
  });

  it('explore of a module that loops at import ends in one line too', async () => {
    const module = healingModule(dir, 'explore-loops-at-import', '', 'for (;;) {}');
    const argv = [
      'explore',
      '--algorithm',
      module,
      '--preset',
      'tiny',
      '--depth-max',
      '1',
      '--out',
      join(dir, 'out'),
      '--hang-timeout',
      '2',
    ];
    expect(await runCli(argv, onWorkers)).toEqual({ code: 2, out: [], err: [hung(module, 'while exploring depth 0')] });
  });

  it('explore imports the module on the watched thread alone: this thread never runs it', async () => {
    // Each import appends its process and thread; a violation (the canary's) is decoded, replayed and
    // stored from what the threads send back, not by importing the module here.
    const marks = join(dir, 'explore-imports.txt');
    const module = canaryModule(
      dir,
      'explore-marks',
      `import { appendFileSync } from 'node:fs'; import { threadId } from 'node:worker_threads'; appendFileSync('${marks}', \`\${process.pid}:\${threadId}\\n\`);`,
    );
    const argv = ['explore', '--algorithm', module, '--preset', 'tiny', '--depth-max', '1', '--out', join(dir, 'explore-marks-out')];
    const { code, out } = await runCli(argv, onWorkers);
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/wrote .*capacity--canary--/);
    const imports = readFileSync(marks, 'utf8').trim().split('\n');
    // The search's thread and the fresh one that replays the finding before it is stored.
    expect(imports).toHaveLength(2);
    expect(imports).not.toContain(`${process.pid}:${threadId}`);
  });

  it('explore of a module that throws at import is one line, exit 2', async () => {
    const module = healingModule(dir, 'explore-throws-at-import', '', "throw new Error('no import today');");
    const argv = ['explore', '--algorithm', module, '--preset', 'tiny', '--depth-max', '1', '--out', join(dir, 'out')];
    expect(await runCli(argv, onWorkers)).toEqual({
      code: 2,
      out: [],
      err: [`stormcheck: --algorithm: ${module} failed to load: no import today`],
    });
  });

  it('process.exit(0) at import is not a silent pass', async () => {
    const module = healingModule(dir, 'exits-at-import', '', 'process.exit(0);');
    expect(await check(module)).toEqual({ code: 2, out: [], err: [exited(module, 0, 'while it loads')] });
  });
});

describe('what a run does is contained', () => {
  it('process.exit inside plan', async () => {
    const module = healingModule(dir, 'exits-in-plan', 'plan: () => process.exit(3)');
    expect(await check(module)).toEqual({ code: 2, out: [], err: [exited(module, 3, 'in run 1')] });
  });

  it('a memory bomb', async () => {
    const module = healingModule(
      dir,
      'memory-bomb',
      'plan: (v, m, r) => { for (;;) hoard.push(new Array(1000).fill(calls++)); }',
      'const hoard = [];',
    );
    process.env.STORMCHECK_WORKER_HEAP_MB = '64';
    try {
      expect(await check(module)).toEqual({
        code: 2,
        out: [],
        err: [
          `stormcheck: algorithm '${module}' ran out of memory in run 1: the worker's heap is limited to 64 MB (STORMCHECK_WORKER_HEAP_MB sets another)`,
        ],
      });
    } finally {
      delete process.env.STORMCHECK_WORKER_HEAP_MB;
    }
  });

  it('the heap limit is stated: 2,048 MB unless STORMCHECK_WORKER_HEAP_MB sets another', () => {
    expect(workerHeapMb({})).toBe(2048);
    expect(workerHeapMb({ STORMCHECK_WORKER_HEAP_MB: '64' })).toBe(64);
    expect(workerHeapMb({ STORMCHECK_WORKER_HEAP_MB: 'lots' })).toBe(2048);
  });

  it('a timer that throws, set at import, is one line while the module loads: it cannot crash the command, which never imports the module itself', async () => {
    // The loader lets the module's timers fire before any run (io/loadAlgorithm.ts), so the stray
    // throw is the module's, reported in one line while it loads, the same way every time.
    const module = healingModule(dir, 'throwing-timer', '', "setTimeout(() => { throw new Error('timer'); }, 0);");
    const { code, err } = await check(module);
    expect({ code, err }).toEqual({
      code: 2,
      err: [`stormcheck: algorithm '${module}' threw outside any call while it loads: timer`],
    });
  });

  it('a healthy run slower than --hang-timeout is not cut: the heartbeat comes from inside the run', async () => {
    // 60 ms a tick: a run of tiny's disruptions and quiet phase takes several seconds, each tick a sign of life.
    const module = healingModule(
      dir,
      'slow-plan',
      'plan: (v, m, r) => { const until = Date.now() + 60; while (Date.now() < until); return healing.plan(v, m, r); }',
    );
    const started = Date.now();
    // A later --runs overrides the helper's: commander keeps the last value.
    const { code, out, err } = await check(module, '--runs', '1', '--hang-timeout', '1');
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out.join('\n')).toMatch(/^passed: 1 runs/);
    expect(Date.now() - started).toBeGreaterThan(2000);
  });
});

describe('--time-limit bounds every phase', () => {
  /**
   * An algorithm whose plan takes `ms` a tick: a run of tiny's disruptions and quiet phase, or its
   * settle computation, would take far longer than the 15 s the tests allow the command.
   */
  const slowPlan = (name: string, ms: number) =>
    healingModule(
      dir,
      name,
      `plan: (v, m, r) => { const until = Date.now() + ${ms}; while (Date.now() < until); return healing.plan(v, m, r); }`,
    );

  it('a run that outlasts the limit stops at the step the limit passes: exit 3, the check’s own line', async () => {
    // From a cold start there is no settle computation: every tick is a step of the run, checked
    // against the limit (checker/deadline.ts), which counts from the moment the algorithm has loaded.
    const started = Date.now();
    const { code, out, err } = await check(slowPlan('slow-run', 400), '--runs', '1', '--time-limit', '1', '--cold-start');
    expect({ code, err }).toEqual({ code: 3, err: [] });
    expect(out.join('\n').split('\n')[0]).toMatch(/^time limit reached, nothing found in 0 of 1 runs, \d+ steps, \d+ ms, seed 1$/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a settle computation that outlasts the limit stops at the step the limit passes too: exit 3, the check’s own line', async () => {
    // 2 s a tick: the network's settle computation, before the run's first step, takes many seconds;
    // its ticks go through the same timed stepper as the run's, so it stops at the first one past the limit.
    const started = Date.now();
    const { code, out, err } = await check(slowPlan('slow-settle', 2000), '--runs', '1', '--time-limit', '1');
    expect({ code, err }).toEqual({ code: 3, err: [] });
    expect(out.join('\n').split('\n')[0]).toMatch(/^time limit reached, nothing found in 0 of 1 runs, \d+ steps, \d+ ms, seed 1$/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('replay and show are watched too', () => {
  it('replay --algorithm of a module that loops at import', async () => {
    const module = healingModule(dir, 'replay-loops', '', 'for (;;) {}');
    expect(await runCli(['replay', stored, '--algorithm', module, '--hang-timeout', '2'], onWorkers)).toEqual({
      code: 2,
      out: [],
      err: [hung(module, `while replaying ${stored}`)],
    });
  });

  it('show --algorithm of a module that loops in a call', async () => {
    const module = healingModule(dir, 'show-loops', 'plan: () => { for (;;) {} }');
    expect(await runCli(['show', stored, '--algorithm', module, '--hang-timeout', '2'], onWorkers)).toEqual({
      code: 2,
      out: [],
      err: [hung(module, `while replaying ${stored}`)],
    });
  });
});

describe('diff runs both versions on the watched thread', () => {
  const diff = (head: string) =>
    runCli(
      [
        'diff',
        '--base',
        'healing',
        '--head',
        head,
        '--preset',
        'tiny',
        '--runs',
        '2',
        '--seed',
        '1',
        '--out',
        join(dir, 'diff-out'),
        '--hang-timeout',
        '2',
      ],
      onWorkers,
    );

  it('a head that loops in a call: one line naming it and the run, exit 2', async () => {
    const module = healingModule(dir, 'diff-loops', 'plan: () => { for (;;) {} }');
    expect(await diff(module)).toEqual({ code: 2, out: [], err: [hung(module, 'in run 1 on tiny')] });
  });

  it('a head that loops at import: one line, exit 2', async () => {
    const module = healingModule(dir, 'diff-loops-at-import', '', 'for (;;) {}');
    expect(await diff(module)).toEqual({
      code: 2,
      out: [],
      err: [
        `stormcheck: algorithm 'healing' or '${module}' showed no progress for 2 s while they load: does it loop forever? (--hang-timeout raises the limit)`,
      ],
    });
  });
});
