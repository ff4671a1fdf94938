// The command line keeps its promises: exit 0 when every property holds, 1 with a stored counterexample
// and the one command that replays it, 2 with exactly one stderr line naming the flag, file or field for
// every kind of bad input; --json prints one object, --junit a report, and --shard splits a budget
// into disjoint runs whose earliest failure is the one the whole budget finds.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2GhostCapacity, builtIns, healing } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import { type AllocationAlgorithm, presets } from '../model/index.ts';
import { defaultProperties, properties } from '../properties/registry.ts';
import { type Captured, jsonError, runCli, writeHealingVariant } from './captured.ts';

const repo = resolve(import.meta.dirname, '..');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stormcheck-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process, capturing what it writes. */
const run = (...argv: string[]): Promise<Captured> => runCli(argv);

/** A file in the temp dir; returns its absolute path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** An algorithm module in the temp dir that spreads the healing reference, as a user would write a variant. */
const variant = (name: string, members: string): string => writeHealingVariant(join(dir, name), members);

/** A shipped counterexample short enough to pin a step of. */
const skype2007File = join(repo, 'counterexamples', 'bounded-reconnection--skype-2007--9a0abcd7.json');

const tinyRuns = ['--preset', 'tiny', '--runs', '20', '--seed', '1', '--no-progress'];

/** Stored once: the canary's counterexample on tiny, as `check --json` reports it. */
interface ViolationJson {
  readonly status: string;
  readonly algorithm: string;
  readonly seed: number;
  readonly runs: number;
  readonly elapsedMs: number;
  readonly counterexample: {
    readonly file: string;
    readonly written: boolean;
    readonly property: string;
    readonly step: number;
    readonly events: unknown[];
  };
}
let canary: ViolationJson;

beforeAll(async () => {
  const result = await run('check', '--algorithm', 'canary', ...tinyRuns, '--out', join(dir, 'canary'), '--json');
  expect(result.code).toBe(1);
  canary = JSON.parse(result.out.join('')) as ViolationJson;
});

describe('exit 0: every property holds', () => {
  it('check: healing passes on tiny and prints its seed and the command that repeats the search', async () => {
    const out = join(dir, 'healing-out');
    const { code, out: stdout, err } = await run('check', '--algorithm', 'healing', ...tinyRuns, '--out', out);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const [verdict, replay] = stdout.join('\n').split('\n');
    expect(verdict).toMatch(/^passed: 20 runs, \d+ steps, \d+ ms, seed 1$/);
    expect(replay).toBe(`replay: npx stormcheck check --algorithm healing --preset tiny --runs 20 --seed 1 --out ${out}`);
    expect(existsSync(out)).toBe(false);
  });

  it('replay: the canary counterexample holds under healing, and says why it diverges', async () => {
    const { code, out, err } = await run('replay', canary.counterexample.file, '--algorithm', 'healing', '--json');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const replayed = JSON.parse(out[0] ?? '') as Record<string, unknown>;
    expect(replayed).toMatchObject({
      status: 'passed',
      algorithm: 'healing',
      property: 'capacity',
      expect: 'violates',
      asExpected: false,
      step: null,
      message: null,
    });
    expect(replayed.divergence).toContain('replayed with healing instead of canary');
  });

  it('list prints algorithms, properties and presets', async () => {
    const { code, out, err } = await run('list');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('\n')).toMatch(/^algorithms:\n {2}healing /);
  });
});

describe('show --step', () => {
  it("prints one step's decisions and every field of the state it changed", async () => {
    const { code, out, err } = await run('show', skype2007File, '--step', '6');
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out.join('\n').split('\n')).toEqual([
      'step 6 of 47 · tick 64 · tick',
      'decisions:',
      '  node 2 (user 1) probed node 0 (bootstrap): answered, and admit said no',
      '  probes 1, admitted 0, log-in attempts 0 (served 0, failed 0), children shed 0, shutdowns 0',
      '  capacity: the algorithm believes 1 usable supernodes with 0 free slots; the truth after the step is 1 with 0',
      '  node 2 (user 1): rebooting → connecting',
      'changed (10):',
      '  tick                     63 → 64',
      '  nodes[2].role            {"kind":"booting","machine":true} → {"kind":"connecting"}',
      '  nodes[2].attempt         0 → 1',
      '  nodes[2].retryDelay      0 → 1',
      '  clocks.retryTicks[2]     0 → 1',
      '  clocks.roleTicks[2]      1 → 0',
      '  memory.recovering        false → true',
      '  memory.supernodes[0][0]  2 → absent',
      '  memory.supernodes[0][1]  60 → absent',
      '  onlinePeakSinceQuiet     0 → 1',
    ]);
  });

  it('marks the violating step, and says step 0 has nothing before it', async () => {
    expect((await run('show', skype2007File, '--step', '47')).out[0]?.split('\n')[0]).toBe(
      'step 47 of 47 · tick 105 · tick · the property breaks here',
    );
    expect((await run('show', skype2007File, '--step', '0')).out).toEqual([
      'step 0 of 47 · tick 61 · the state the settle phase ended in\nno earlier state to compare with (step 1 is the first event)',
    ]);
  });
});

describe('exit 1: a property is violated', () => {
  it('check: the canary breaks capacity; the counterexample is written and the replay command printed', async () => {
    const folder = join(dir, 'canary-text');
    const { code, out, err } = await run('check', '--algorithm', 'canary', ...tinyRuns, '--out', folder);
    expect(code).toBe(1);
    expect(err).toEqual([]);
    const text = out.join('\n');
    // A fresh finding is headed by what it is, not by an expectation no file holds yet.
    expect(text.split('\n')[0]).toBe('capacity · canary · settled in 5 ticks, then 0 events');
    const written = readdirSync(folder);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^capacity--canary--[0-9a-f]{8}\.json$/);
    const path = join(folder, written[0] ?? '');
    expect(text).toContain(`\nwrote ${path} (shrunk from 0 to 0 disruption events)`);
    expect(text.split('\n')).toContain(`replay: npx stormcheck replay ${path}`);
    expect(text.split('\n')).toContain(
      `search again: npx stormcheck check --algorithm canary --preset tiny --runs 20 --seed 1 --out ${folder}`,
    );

    // The printed command does what it says.
    const replayed = await run('replay', path);
    expect(replayed.code).toBe(1);
    expect(replayed.err).toEqual([]);
    expect(replayed.out.join('\n')).toContain('replay: violated at step');
  });

  it('check again: the same counterexample is not stored twice', async () => {
    const folder = join(dir, 'canary-twice');
    await run('check', '--algorithm', 'canary', ...tinyRuns, '--out', folder);
    const { code, out } = await run('check', '--algorithm', 'canary', ...tinyRuns, '--out', folder);
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(
      /\nalready stored by an earlier run, nothing new written: .*capacity--canary--[0-9a-f]{8}\.json \(shrunk/,
    );
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('replay --json: the recorded algorithm still breaks the property exactly as recorded', async () => {
    const { code, out } = await run('replay', canary.counterexample.file, '--json');
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({
      status: 'violated',
      algorithm: 'canary',
      asExpected: true,
      step: canary.counterexample.step,
      divergence: null,
    });
  });
});

describe('exit 2: one stderr line naming what is wrong', () => {
  /** Each bad input: argv, and the exact line on stderr. Paths are filled in once the temp dir exists. */
  const cases: readonly (readonly [string, () => string[], () => string])[] = [
    ['unknown flag', () => ['check', '--bogus'], () => "stormcheck: unknown option '--bogus'"],
    ['unknown command', () => ['frobnicate'], () => "stormcheck: unknown command 'frobnicate'"],
    [
      '--runs 0',
      () => ['check', '--runs', '0'],
      () => "stormcheck: option '--runs <n>' argument '0' is invalid. '0' is not a positive integer",
    ],
    [
      '--runs abc',
      () => ['check', '--runs', 'abc'],
      () => "stormcheck: option '--runs <n>' argument 'abc' is invalid. 'abc' is not a positive integer",
    ],
    [
      '--runs 2.5',
      () => ['check', '--runs', '2.5'],
      () => "stormcheck: option '--runs <n>' argument '2.5' is invalid. '2.5' is not a positive integer",
    ],
    ['--runs without a value', () => ['check', '--runs'], () => "stormcheck: option '--runs <n>' argument missing"],
    [
      '--seed -1',
      () => ['check', '--seed', '-1'],
      () => "stormcheck: option '--seed <n>' argument '-1' is invalid. '-1' is not an integer from 0 to 4294967295",
    ],
    [
      '--seed 2^32',
      () => ['check', '--seed', '4294967296'],
      () => "stormcheck: option '--seed <n>' argument '4294967296' is invalid. '4294967296' is not an integer from 0 to 4294967295",
    ],
    [
      '--seed x',
      () => ['check', '--seed', 'x'],
      () => "stormcheck: option '--seed <n>' argument 'x' is invalid. 'x' is not an integer from 0 to 4294967295",
    ],
    [
      '--shard 3/2',
      () => ['check', '--shard', '3/2'],
      () => "stormcheck: option '--shard <i/n>' argument '3/2' is invalid. '3/2' is not i/n with 1 ≤ i ≤ n",
    ],
    [
      '--shard 0/2',
      () => ['check', '--shard', '0/2'],
      () => "stormcheck: option '--shard <i/n>' argument '0/2' is invalid. '0/2' is not i/n with 1 ≤ i ≤ n",
    ],
    [
      '--shard x',
      () => ['check', '--shard', 'x'],
      () => "stormcheck: option '--shard <i/n>' argument 'x' is invalid. 'x' is not i/n with 1 ≤ i ≤ n",
    ],
    [
      'unknown algorithm name',
      () => ['check', '--algorithm', 'skype-2008'],
      () =>
        "stormcheck: --algorithm: unknown algorithm 'skype-2008'; built-ins are healing, skype-2007, skype-2010, b1-uptime-gated, b2-ghost-capacity, b3-shutdown-cascade, b4-retry-storm, canary, or give a path to a .ts or .js module",
    ],
    [
      'algorithm path that does not exist',
      () => ['check', '--algorithm', join(dir, 'absent.ts')],
      () => `stormcheck: --algorithm: no such file ${join(dir, 'absent.ts')}`,
    ],
    [
      'algorithm module that throws at import',
      () => ['check', '--algorithm', file('throws.ts', "throw new Error('boom at import');\n")],
      () => `stormcheck: --algorithm: ${join(dir, 'throws.ts')} failed to load: boom at import`,
    ],
    [
      'algorithm module with no export',
      () => ['check', '--algorithm', file('no-export.ts', 'export const somethingElse = 1;\n')],
      () => `stormcheck: --algorithm: ${join(dir, 'no-export.ts')} exports neither 'algorithm' nor a default export`,
    ],
    [
      'algorithm module exporting a number',
      () => ['check', '--algorithm', file('number.ts', 'export default 42;\n')],
      () => `stormcheck: --algorithm: the algorithm exported by ${join(dir, 'number.ts')} is not an object`,
    ],
    [
      'algorithm object missing methods',
      () => [
        'check',
        '--algorithm',
        file(
          'missing.ts',
          `import { healing } from '${repo}/algorithms/healing.ts';\nconst { admit: _a, plan: _p, ...rest } = healing;\nexport default { ...rest, name: 'missing' };\n`,
        ),
      ],
      () => `stormcheck: --algorithm: the algorithm exported by ${join(dir, 'missing.ts')} lacks the methods admit, plan`,
    ],
    [
      'algorithm object without a name',
      () => ['check', '--algorithm', variant('nameless.ts', "name: ''")],
      () => `stormcheck: --algorithm: the algorithm exported by ${join(dir, 'nameless.ts')} has no string 'name'`,
    ],
    [
      'unknown --property',
      () => ['check', '--property', 'capacity', '--property', 'liveness'],
      () => "stormcheck: --property: unknown property 'liveness'; see 'stormcheck list'",
    ],
    [
      'unknown --preset',
      () => ['check', '--preset', 'huge'],
      () =>
        "stormcheck: --preset: unknown preset 'huge'; presets are tiny, pair, small, default, patch-tuesday-2007, client-crash-2010, or give a path to a JSON config",
    ],
    [
      '--preset JSON with a field of the wrong type',
      () => ['check', '--preset', file('string-field.json', JSON.stringify({ ...presets.tiny?.config, bootTicks: '1' }))],
      () => `stormcheck: --preset: ${join(dir, 'string-field.json')}: field bootTicks: Invalid input: expected number, received string`,
    ],
    [
      '--preset JSON with nodes out of order',
      () => {
        const config = presets.tiny?.config;
        return ['check', '--preset', file('out-of-order.json', JSON.stringify({ ...config, nodes: [...(config?.nodes ?? [])].reverse() }))];
      },
      () =>
        `stormcheck: --preset: ${join(dir, 'out-of-order.json')}: field nodes.4.kind: bootstrap after user: nodes go bootstrap, then user, then mega`,
    ],
    [
      '--preset JSON with an unknown field',
      () => ['check', '--preset', file('extra-field.json', JSON.stringify({ ...presets.tiny?.config, rebootTicks: 3 }))],
      () => `stormcheck: --preset: ${join(dir, 'extra-field.json')}: field (top level): Unrecognized key: "rebootTicks"`,
    ],
    [
      '--preset that is not JSON',
      () => ['check', '--preset', file('not.json', 'nodes: 3\n')],
      // The syntax error without the excerpt of the file that V8 quotes: a file may hold anything.
      () => `stormcheck: --preset: ${join(dir, 'not.json')}: not valid JSON: ${jsonError('nodes: 3\n').replace(/, ".*$/s, '')}`,
    ],
    [
      '--preset JSON that does not exist',
      () => ['check', '--preset', join(dir, 'absent.json')],
      () => `stormcheck: --preset: ${join(dir, 'absent.json')}: cannot read: ENOENT`,
    ],
    ['replay without a file', () => ['replay'], () => "stormcheck: missing required argument 'file'"],
    [
      'replay of a missing file',
      () => ['replay', join(dir, 'absent-ce.json')],
      () => `stormcheck: ${join(dir, 'absent-ce.json')}: cannot read: ENOENT`,
    ],
    [
      'show --markdown with --html',
      () => ['show', '--markdown', '--html', 'x.html', 'x.json'],
      () => "stormcheck: option '--markdown' cannot be used with option '--html <out>'",
    ],
    [
      'show --step that is not a number',
      () => ['show', skype2007File, '--step', 'abc'],
      () => `stormcheck: --step: 'abc' is not a step of this trace, which has steps 0 to 47`,
    ],
    [
      'show --step past the trace',
      () => ['show', skype2007File, '--step', '999'],
      () => `stormcheck: --step: '999' is not a step of this trace, which has steps 0 to 47`,
    ],
  ];

  for (const [name, argv, line] of cases) {
    it(name, async () => {
      // check's --out goes first, so that it cannot become the value of a flag under test.
      const args = argv();
      const { code, out, err } = await run(
        ...(args[0] === 'check' ? ['check', '--out', join(dir, 'never-written'), ...args.slice(1)] : args),
      );
      expect(err).toEqual([line()]);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(existsSync(join(dir, 'never-written'))).toBe(false);
    });
  }

  it('an algorithm that returns an invalid decision broke the interface contract', async () => {
    const module = variant('bad-choice.ts', "name: 'bad-choice', chooseSupernode: () => 99 as never");
    const { code, out, err } = await run('check', '--algorithm', module, ...tinyRuns, '--out', join(dir, 'contract'));
    expect(err).toEqual([
      'stormcheck: algorithm bad-choice broke the interface contract: choose-unknown-node at tick 1: bad-choice.chooseSupernode for node 1 returned 99, which is neither in its host cache nor a bootstrap node',
    ]);
    expect(code).toBe(2);
    // The trace that shows it is stored and shown like any counterexample.
    expect(out.join('\n')).toMatch(/^contract · bad-choice · settled in \d+ ticks, then 0 events/);
    expect(readdirSync(join(dir, 'contract'))).toEqual([expect.stringMatching(/^contract--bad-choice--[0-9a-f]{8}\.json$/)]);

    const json = await run('check', '--algorithm', module, ...tinyRuns, '--out', join(dir, 'contract'), '--json');
    expect(json.code).toBe(2);
    expect(json.out).toHaveLength(1);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({
      status: 'error',
      algorithm: 'bad-choice',
      counterexample: { property: 'contract', written: false },
    });
    expect(json.err).toHaveLength(1);
  });

  // commander's "Did you mean" suggestion arrives on a second line; main() folds it into the one.
  it('a misspelt flag is still reported on one line', async () => {
    const { code, err } = await run('check', '--jsn');
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).not.toContain('\n');
  });

  // The contract is always checked: with `--property capacity` alone, an out-of-contract decision
  // would otherwise be skipped silently and the check would pass.
  it('an algorithm that breaks the contract is caught whatever properties are selected', async () => {
    const module = variant('bad-choice-capacity.ts', "name: 'bad-choice', chooseSupernode: () => 99 as never");
    const { code } = await run(
      'check',
      '--algorithm',
      module,
      ...tinyRuns,
      '--property',
      'capacity',
      '--out',
      join(dir, 'contract-capacity'),
    );
    expect(code).toBe(2);
  });

  // An algorithm that keeps state outside `memory` (a user's mistake) fails a run that does not
  // replay: one line and exit 2, not a crash.
  it('an algorithm that is not deterministic is an input error, not a crash', async () => {
    // Ambient randomness: now and then a choice is out of contract, and no replay makes the same ones.
    const module = variant(
      'flaky.ts',
      "name: 'flaky', chooseSupernode: (view, node, random) => (Math.random() < 0.05 ? (99 as never) : healing.chooseSupernode(view, node, random))",
    );
    const { code, err } = await run('check', '--algorithm', module, ...tinyRuns, '--out', join(dir, 'flaky'));
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
  });
});

describe('--json', () => {
  it('a pass is exactly one JSON object on stdout', async () => {
    const { code, out, err } = await run(
      'check',
      '--algorithm',
      'healing',
      '--preset',
      'tiny',
      '--runs',
      '5',
      '--seed',
      '7',
      '--out',
      join(dir, 'json-pass'),
      '--json',
    );
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const summary = JSON.parse(out[0] ?? '') as Record<string, unknown>;
    expect(summary).toMatchObject({ status: 'passed', algorithm: 'healing', preset: 'tiny', seed: 7, runs: 5 });
    expect(summary.elapsedMs).toEqual(expect.any(Number));
    expect(summary.replay).toBe(`npx stormcheck check --algorithm healing --preset tiny --runs 5 --seed 7 --out ${join(dir, 'json-pass')}`);
    expect(summary).not.toHaveProperty('counterexample');
  });

  it('a violation is one JSON object with the stored counterexample', () => {
    expect(canary).toMatchObject({
      status: 'violated',
      algorithm: 'canary',
      seed: 1,
      counterexample: { property: 'capacity', written: true },
    });
    expect(canary.runs).toBeGreaterThanOrEqual(1);
    expect(canary.elapsedMs).toEqual(expect.any(Number));
    const { file: path, step, events } = canary.counterexample;
    expect(path).toMatch(/capacity--canary--[0-9a-f]{8}\.json$/);
    expect(events).toHaveLength(step);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { events: unknown[]; violation: { step: number } };
    expect(stored.events).toEqual(events);
    expect(stored.violation.step).toBe(step);
  });

  it('list --json names every algorithm, property (with kind and meaning) and preset', async () => {
    const { code, out, err } = await run('list', '--json');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const list = JSON.parse(out[0] ?? '') as {
      algorithms: { name: string; expectedViolation: string | null; shippedViolations: string[] | null }[];
      properties: { name: string; kind: string; description: string }[];
      presets: { name: string; nodes: number }[];
    };
    expect(list.algorithms.map((a) => a.name)).toEqual(builtIns.map((b) => b.algorithm.name));
    expect(list.algorithms.find((a) => a.name === 'canary')?.expectedViolation).toBe('capacity');
    // What the shipped corpus holds, read from it: list says what a first run finds.
    expect(list.algorithms.find((a) => a.name === 'skype-2007')?.shippedViolations).toEqual(['bounded-reconnection']);
    expect(list.algorithms.find((a) => a.name === 'healing')?.shippedViolations).toEqual([]);
    expect(list.properties.map((p) => p.name)).toEqual(properties.map((p) => p.name));
    for (const p of list.properties) {
      expect(['safety', 'healing', 'settling']).toContain(p.kind);
      expect(p.description.length).toBeGreaterThan(10);
    }
    expect(list.presets.map((p) => p.name)).toEqual(Object.keys(presets));
    expect(list.presets.find((p) => p.name === 'tiny')?.nodes).toBe(5);
  });
});

describe('--shard', () => {
  it('shards 1/3, 2/3 and 3/3 run disjoint runs that together are the whole budget, in order', () => {
    // Each run's trajectory, recorded by an algorithm that behaves exactly like healing. The CLI runs
    // checks on a worker thread, so the shards are checked here through check(), which --shard calls.
    let recorded: string[][] = [];
    const recorder: AllocationAlgorithm = {
      ...healing,
      name: 'recorder',
      initialMemory: (config) => {
        recorded.push([JSON.stringify(config)]);
        return healing.initialMemory(config);
      },
      plan: (view, memory, random) => {
        recorded.at(-1)?.push(JSON.stringify(view.state));
        return healing.plan(view, memory, random);
      },
    };
    const runsOf = (shard?: { index: number; count: number }) => {
      recorded = [];
      const result = check({
        algorithm: recorder,
        preset: presets.tiny!,
        properties,
        runs: 12,
        seed: 5,
        start: 'cold',
        ...(shard ? { shard } : {}),
      });
      expect(result).toMatchObject({ status: 'passed', runs: shard === undefined ? 12 : 4 });
      return recorded.map((states) => states.join('\n'));
    };
    const whole = runsOf();
    expect(whole).toHaveLength(12);
    expect(new Set(whole).size).toBeGreaterThan(6);
    for (const index of [1, 2, 3]) {
      expect(runsOf({ index, count: 3 })).toEqual(whole.filter((_, r) => r % 3 === index - 1));
    }
  });

  it('the earliest failing shard fails at the run the whole budget fails at, with the same counterexample', async () => {
    const options = { algorithm: b2GhostCapacity, preset: presets.tiny!, properties: defaultProperties, runs: 12, seed: 2 };
    const whole = check(options);
    if (whole.status !== 'violated') throw new Error(`b2-ghost-capacity passed ${whole.runs} runs on tiny`);
    // Not the first run, so that the shards are put to the test.
    expect(whole.run).toBeGreaterThan(0);
    const shards = [1, 2, 3].map((index) => ({ index, result: check({ ...options, shard: { index, count: 3 } }) }));
    const failing: { index: number; result: Extract<CheckResult, { status: 'violated' }> }[] = [];
    for (const { index, result } of shards) {
      if (result.status === 'violated') failing.push({ index, result });
    }
    for (const { index, result } of failing) expect(result.run % 3).toBe(index - 1);
    const earliest = failing.sort((a, b) => a.result.run - b.result.run)[0];
    expect(earliest?.result.run).toBe(whole.run);
    expect(earliest?.result.counterexample).toEqual(whole.counterexample);
    expect(earliest?.index).toBe((whole.run % 3) + 1);

    // On the command line, that shard stores the very file the whole budget stores.
    const folder = join(dir, 'shard-fail');
    const cli = async (...shard: string[]) =>
      JSON.parse(
        (
          await run(
            'check',
            '--algorithm',
            'b2-ghost-capacity',
            '--preset',
            'tiny',
            '--runs',
            '12',
            '--seed',
            '2',
            '--out',
            folder,
            '--json',
            ...shard,
          )
        ).out[0] ?? '',
      ) as ViolationJson & { replay: string };
    const single = await cli();
    const shard = await cli('--shard', `${earliest?.index}/3`);
    expect(single.counterexample).toMatchObject({ property: whole.counterexample.property, written: true });
    expect(shard.counterexample).toEqual({ ...single.counterexample, written: false });
    expect(shard.replay).toBe(
      `npx stormcheck check --algorithm b2-ghost-capacity --preset tiny --runs 12 --seed 2 --shard ${earliest?.index}/3 --out ${folder}`,
    );
  });
});

describe('a counterexample of a user module', () => {
  it('records the module relative to the counterexample, so the file replays from its folder', async () => {
    const module = variant('admit-all.ts', "name: 'admit-all', admit: () => true");
    const folder = join(dir, 'user-ce');
    mkdirSync(folder);
    const { code, out } = await run('check', '--algorithm', module, ...tinyRuns, '--out', folder, '--json');
    expect(code).toBe(1);
    const path = (JSON.parse(out[0] ?? '') as ViolationJson).counterexample.file;
    expect((JSON.parse(readFileSync(path, 'utf8')) as { algorithm: { module: string } }).algorithm.module).toBe('../admit-all.ts');
    // Replaying runs the module the file names only when the user opts in (reliability/dataNeverRuns.test.ts).
    const replayed = await run('replay', path, '--json', '--trust-module');
    expect(replayed.code).toBe(1);
    expect(JSON.parse(replayed.out[0] ?? '')).toMatchObject({ algorithm: 'admit-all', asExpected: true, divergence: null });
  });
});
