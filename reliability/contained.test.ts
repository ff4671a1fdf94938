// Whatever an algorithm returns or does, the CLI answers in one line: a value that is not plain data
// (a BigInt, a cycle, a throwing getter, a Proxy), a mutated view, a throwing initialMemory. Each is
// a broken contract stored with its trace (exit 2), or a user's error (exit 2), never a stack trace.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healing } from '../algorithms/index.ts';
import { check as libraryCheck } from '../checker/check.ts';
import { runCli } from '../cli/captured.ts';
import { type AllocationAlgorithm, presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';
import { healingModule, tempFolder } from './fixtures.ts';

const dir = tempFolder('contained');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `check` of the module on tiny, 30 runs of seed 1, into a folder of its own. */
function check(module: string) {
  const out = join(dir, `out-${module.split('/').at(-1)}`);
  return runCli(['check', '--algorithm', module, '--preset', 'tiny', '--runs', '30', '--seed', '1', '--no-progress', '--out', out]);
}

const contract = (name: string, message: string) =>
  `stormcheck: algorithm ${name} broke the interface contract: algorithm-threw at tick 1: ${name}.${message}`;

describe('a value an algorithm returns that is not plain data is a broken contract, exit 2', () => {
  const cases: readonly (readonly [string, string, string, string?])[] = [
    ['bigint-retry', 'retryDelay: () => 1n', 'retryDelay threw: the delay is a BigInt, not a JSON number'],
    ['nan-retry', 'retryDelay: () => NaN', 'retryDelay threw: the delay is NaN, not a finite number'],
    [
      'cyclic-cache',
      'refreshHostCache: () => cache',
      'refreshHostCache threw: the host cache[0] is cyclic: it contains itself',
      'const cache = []; cache.push(cache);',
    ],
    [
      'cyclic-memory',
      'plan: (v, m, r) => { const memory = {}; memory.self = memory; return { ...healing.plan(v, m, r), memory }; }',
      'plan threw: the plan.memory.self is cyclic: it contains itself',
    ],
    [
      'bigint-memory',
      'plan: (v, m, r) => ({ ...healing.plan(v, m, r), memory: { n: 1n } })',
      'plan threw: the plan.memory.n is a BigInt, not a JSON number',
    ],
    [
      'getter-plan',
      "plan: (v, m, r) => ({ ...healing.plan(v, m, r), get promote() { throw new Error('a getter threw'); } })",
      'plan threw: a getter threw',
    ],
    [
      'proxy-plan',
      "plan: (v, m, r) => new Proxy(healing.plan(v, m, r), { get() { throw new Error('a trap threw'); } })",
      'plan threw: a trap threw',
    ],
    [
      'mutates-config',
      'chooseSupernode: (v, node, r) => { v.config.nodes[0].capacity = 0; return healing.chooseSupernode(v, node, r); }',
      "chooseSupernode threw: Cannot assign to read only property 'capacity' of object '#<Object>'",
    ],
    [
      'mutates-state',
      'chooseSupernode: (v, node, r) => { v.state.tick = 99; return healing.chooseSupernode(v, node, r); }',
      'chooseSupernode threw: Cannot set property tick of #<LiveView> which has only a getter',
    ],
  ];
  for (const [name, methods, message, prelude] of cases) {
    it(name, async () => {
      const { code, out, err } = await check(healingModule(dir, name, methods, prelude));
      expect(err).toEqual([contract(name, message)]);
      expect(code).toBe(2);
      // Stored and shown as any counterexample, with its trace.
      expect(out.join('\n')).toMatch(/wrote .*contract--/);
    });
  }
});

describe('explore contains what the algorithm returns as check does', () => {
  it('a BigInt delay is a broken contract in one line, exit 2, and the counterexample is stored', async () => {
    const out = join(dir, 'explore-bigint');
    const module = healingModule(dir, 'explore-bigint', 'retryDelay: () => 1n');
    const {
      code,
      out: stdout,
      err,
    } = await runCli(['explore', '--algorithm', module, '--preset', 'tiny', '--depth-max', '1', '--out', out]);
    expect(err).toEqual([contract('explore-bigint', 'retryDelay threw: the delay is a BigInt, not a JSON number')]);
    expect(code).toBe(2);
    expect(stdout.join('\n')).toMatch(/wrote .*contract--explore-bigint--/);
  });
});

describe('a failure outside the model’s guard is a user error in one line, exit 2', () => {
  it('initialMemory throws', async () => {
    const module = healingModule(dir, 'init-throws', "initialMemory: () => { throw new Error('no memory today'); }");
    expect(await check(module)).toEqual({
      code: 2,
      out: [],
      err: ['stormcheck: algorithm init-throws: initialMemory threw: no memory today'],
    });
  });

  it('initialMemory returns a cycle', async () => {
    const module = healingModule(dir, 'init-cycle', 'initialMemory: () => { const m = {}; m.m = m; return m; }');
    expect(await check(module)).toEqual({
      code: 2,
      out: [],
      err: ['stormcheck: algorithm init-cycle: initialMemory threw: the initial memory.m is cyclic: it contains itself'],
    });
  });
});

describe('the export itself', () => {
  it('a Proxy whose every read throws', async () => {
    const module = join(dir, 'proxy-export.mjs');
    writeFileSync(module, "export const algorithm = new Proxy({}, { get() { throw new Error('no reading me'); } });\n");
    expect(await check(module)).toEqual({
      code: 2,
      out: [],
      err: [`stormcheck: --algorithm: reading the algorithm exported by ${module} threw: no reading me`],
    });
  });
});

describe('the library, without the CLI, is as safe for memory and delays (model/contract.ts)', () => {
  const tiny = presets.tiny;
  const checked = (algorithm: AllocationAlgorithm) => {
    if (tiny === undefined) throw new Error('the tiny preset is missing');
    const result = libraryCheck({ algorithm, preset: tiny, properties, runs: 5, seed: 1 });
    return result.status === 'violated' ? result.counterexample.message : result.status;
  };

  it('cyclic memory is "not JSON", not a stack overflow', () => {
    const cyclic: AllocationAlgorithm = {
      ...healing,
      name: 'cyclic',
      plan: (v, m, r) => {
        const memory: Record<string, unknown> = {};
        memory.self = memory;
        return { ...healing.plan(v, m, r), memory: memory as never };
      },
    };
    expect(checked(cyclic)).toContain('memory is not JSON');
  });

  it('a BigInt delay is named as one, not a TypeError from JSON.stringify', () => {
    const bigint: AllocationAlgorithm = { ...healing, name: 'bigint', retryDelay: () => 1n as never };
    expect(checked(bigint)).toContain('1n is not an integer from 1 to backoffCapTicks');
  });
});
