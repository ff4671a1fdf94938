// Quiet suffixes checked on two worker threads give exactly the result of this thread alone: the
// same verdict, counts, depth, property, message, trace and continuation, for a search verified to
// its depth, one that breaks on the suffix of a state deep in a level, and one that breaks on the
// initial state's. Across runs the first broken state in discovery order wins; a search out of time
// stops its workers; a user's module is loaded again in each worker; and an algorithm the workers
// cannot load is searched in this thread, with the reason available.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { algorithmNamed, b2GhostCapacity, healing } from '../algorithms/index.ts';
import { runCli } from '../cli/captured.ts';
import { type AllocationAlgorithm, describeEvent, type Event, presets, type State, type System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { properties } from '../properties/registry.ts';
import { type ExploreSupernodesOptions, exploreSupernodes } from './exploreSupernodes.ts';
import { levelsOf, type PackedStates } from './level.ts';
import type { ExploreResult } from './result.ts';
import { searchSystemOf, workerModelOf } from './searchSystem.ts';
import { SearchWorkers, type WorkerModel } from './searchWorkers.ts';
import { statesWithin } from './statesWithin.ts';
import { supernodeModel } from './supernodeModel.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');
const text = (events: readonly Event[]) => events.map(describeEvent).join(' ');
const dir = mkdtempSync(join(tmpdir(), 'stormcheck-search-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A result without the fields that depend on the clock. */
function timeless(result: ExploreResult<Event>): object {
  const { elapsedMs: _elapsed, statesPerSecond: _rate, ...rest } = result;
  return rest;
}

/** The search with 1 and with 2 workers, which must agree on everything but the time. */
function both(system: System, options: ExploreSupernodesOptions): ExploreResult<Event> {
  const alone = exploreSupernodes(system, { ...options, workers: 1 });
  const spread = exploreSupernodes(system, { ...options, workers: 2 });
  expect(timeless(spread)).toEqual(timeless(alone));
  return spread;
}

const cases = [
  {
    algorithm: 'healing',
    depthMax: 2,
    pinned: { status: 'limitReached', limit: 'depth', depth: 2, distinctStates: 69, transitions: 113 },
  },
  {
    algorithm: 'b2-ghost-capacity',
    depthMax: 6,
    pinned: { status: 'violated', property: 'capacity-accounting', depth: 1, distinctStates: 11, transitions: 11 },
    trace: 'reboot(u2)',
    continuation: 'quiet tick',
  },
  {
    algorithm: 'canary',
    depthMax: 3,
    pinned: { status: 'violated', property: 'capacity', depth: 0, distinctStates: 1, message: 'supernode 0 holds 2 children in 1 slots' },
    trace: '',
    continuation: '',
  },
];
describe('two workers against this thread alone, on tiny with every property', () => {
  for (const c of cases) {
    it(`${c.algorithm} to depth ${c.depthMax}`, () => {
      const algorithm = algorithmNamed(c.algorithm) as AllocationAlgorithm;
      const result = both({ config: tiny, algorithm }, { depthMax: c.depthMax });
      expect(result).toMatchObject(c.pinned);
      if (result.status === 'violated') expect([text(result.trace), text(result.continuation)]).toEqual([c.trace, c.continuation]);
    });
  }
});

/** Packs `states` into one level, as the search keeps them. */
function packed(model: ReturnType<typeof supernodeModel>, states: readonly State[]): PackedStates {
  const levels = levelsOf(model);
  if (levels.kind !== 'packed') throw new Error('the supernode model packs its states');
  const level = levels.empty();
  for (const [k, state] of states.entries()) level.push(k, state);
  return level.packed();
}

describe('the search workers', () => {
  const system = { config: tiny, algorithm: b2GhostCapacity };
  const model = supernodeModel(system, { start: 'cold' });
  const continuation = model.continuation as NonNullable<typeof model.continuation>;
  /** 418 states whose suffixes hold (b2 is verified to depth 3), and one whose suffix breaks. */
  const clean = statesWithin(supernodeModel(system, { properties: [], start: 'cold' }), 3);
  const trace: Event[] = [{ kind: 'tick' }, { kind: 'tick' }, { kind: 'tick' }, { kind: 'reboot', user: 2 }];
  const broken = trace.reduce((state, event) => model.next(state, { event, draws: [] }), model.initialStates()[0] as State);
  const found = continuation(broken);
  const at = (indices: readonly number[]) => clean.flatMap((state, k) => (indices.includes(k) ? [broken, state] : [state]));

  const recipe = workerModelOf(system, { start: 'cold' }) as WorkerModel;
  const pool = () => new SearchWorkers(recipe, 2);
  const never = () => false;
  const quietly = () => {};

  it('report the first broken suffix in order, whichever run finds one first', () => {
    expect(found).not.toBeNull();
    const workers = pool();
    try {
      // 419 states in runs of 210: first in the first run and also in the second, then only in the second.
      expect(workers.firstBroken(packed(model, at([20, 300])), never, quietly)).toEqual({ index: 20, found });
      expect(workers.firstBroken(packed(model, at([200, 300])), never, quietly)).toEqual({ index: 200, found });
      expect(workers.firstBroken(packed(model, clean), never, quietly)).toBeNull();
      expect(workers.firstBroken(packed(model, clean), () => true, quietly)).toBe('time');
    } finally {
      workers.close();
    }
  });

  it("load a user's module by its path", () => {
    const module = join(dir, 'copy.ts');
    const repo = resolve(import.meta.dirname, '..');
    writeFileSync(
      module,
      `import { healing } from '${repo}/algorithms/healing.ts';\nexport const algorithm = { ...healing, name: 'copy' };\n`,
    );
    const copy: AllocationAlgorithm = { ...healing, name: 'copy' };
    expect(searchSystemOf({ config: tiny, algorithm: copy }, {})).toMatch(/algorithm 'copy' is neither a built-in nor given/);
    const result = both({ config: tiny, algorithm: copy }, { depthMax: 2, algorithmModule: module });
    expect(result).toMatchObject({ status: 'limitReached', depth: 2, distinctStates: 69 });
  });

  it('are not used for an algorithm they cannot load, nor for a property not in the registry', () => {
    const copy: AllocationAlgorithm = { ...healing, name: 'copy' };
    expect(both({ config: tiny, algorithm: copy }, { depthMax: 2 })).toMatchObject({ status: 'limitReached', distinctStates: 69 });
    const mine: Property = { ...(properties[0] as Property), name: 'mine' };
    expect(searchSystemOf(system, { properties: [mine] })).toBe("property 'mine' is not the registry's, so the workers cannot name it");
  });
});

describe('stormcheck explore --workers', () => {
  it('finds the same counterexample on two workers', async () => {
    const argv = ['explore', '--algorithm', 'canary', '--depth-max', '2', '--json', '--out', join(dir, 'ce')];
    const strip = (json: string) => {
      const { elapsedMs: _elapsed, statesPerSecond: _rate, ...rest } = JSON.parse(json) as Record<string, unknown>;
      return rest;
    };
    const [alone, spread] = [await runCli(argv), await runCli([...argv, '--workers', '2'])];
    expect(spread.code).toBe(1);
    expect(strip(spread.out[0] ?? '')).toEqual(strip(alone.out[0] ?? ''));
  });

  it('refuses a number of workers that is not a positive integer', async () => {
    const { code, err } = await runCli(['explore', '--workers', '0']);
    expect(code).toBe(2);
    expect(err).toEqual(["stormcheck: option '--workers <n>' argument '0' is invalid. '0' is not a positive integer"]);
  });
});
