// Levels expanded and quiet suffixes checked on two worker threads give exactly the result of this
// thread alone: the same verdict, counts, depth, property, message, trace and continuation, for a
// search verified to its depth, one cut short by the state limit, one whose transition breaks deep
// in a level, one that breaks on the suffix of a state deep in a level, and one that breaks on the
// initial state's. A level's runs come back as one run in this thread would make them; across runs
// the first broken state in discovery order wins; a search out of time stops its workers; a user's
// module is loaded again in each worker; and an algorithm the workers cannot load is searched in
// this thread, with the reason available.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { algorithmNamed, b2GhostCapacity, healing } from '../algorithms/index.ts';
import { runCli } from '../cli/captured.ts';
import { type AllocationAlgorithm, describeEvent, type Event, type EventKind, presets, type State, type System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { properties, selectProperties } from '../properties/registry.ts';
import { type Expansion, expandChunk } from './expandChunk.ts';
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
  const spread = exploreSupernodes(system, { ...options, workers: 2, levelMin: 1 });
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
const safety = properties.filter((p) => p.kind === 'safety' && p.family !== 'lint');
const spikes: readonly EventKind[] = ['tick', 'usageSpike'];
/** Searches with no quiet suffix, so that only the expansion runs on the workers. */
const expansionCases: readonly {
  readonly name: string;
  readonly system: System;
  readonly options: ExploreSupernodesOptions;
  readonly pinned: object;
}[] = [
  {
    name: 'healing, safety only, to depth 5',
    system: { config: tiny, algorithm: healing },
    options: { properties: safety, depthMax: 5 },
    pinned: { status: 'limitReached', limit: 'depth', depth: 5, distinctStates: 11065, transitions: 21469 },
  },
  {
    name: 'healing, safety only, cut short at 2,000 states',
    system: { config: tiny, algorithm: healing },
    options: { properties: safety, depthMax: 8, statesMax: 2000 },
    pinned: { status: 'limitReached', limit: 'states', depth: 4, distinctStates: 2000 },
  },
  {
    name: 'b3-shutdown-cascade, broken by a transition at depth 2 (the no-self-shutdown lint, named)',
    system: { config: tiny, algorithm: algorithmNamed('b3-shutdown-cascade') as AllocationAlgorithm },
    options: { properties: selectProperties(['no-self-shutdown']), eventKinds: spikes, depthMax: 16 },
    pinned: { status: 'violated', property: 'no-self-shutdown', depth: 2, distinctStates: 2 },
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

describe('two workers against this thread alone, expansion only', () => {
  for (const c of expansionCases) {
    it(c.name, () => {
      expect(both(c.system, c.options)).toMatchObject(c.pinned);
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
  const pool = () => new SearchWorkers(recipe, 2, 1);
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

  it("expand a level's runs into what one run in this thread makes, successor by successor", () => {
    const level = packed(model, clean);
    const whole = expandChunk(model, level, 0, level.count, never);
    const workers = pool();
    try {
      const runs = workers.expand(level, never, quietly);
      if (runs === 'time' || runs === 'here') throw new Error(`no time limit was set, and the pool takes every level: ${runs}`);
      expect(runs.map((r) => [r.from, r.broken, r.stopped])).toEqual([
        [0, null, false],
        [209, null, false],
      ]);
      const joined = (pick: (r: Expansion) => ArrayLike<number>) => runs.flatMap((r) => Array.from(pick(r)));
      expect(joined((r) => r.parents.map((p) => p + r.from))).toEqual(Array.from(whole.parents));
      expect(joined((r) => r.actions)).toEqual(Array.from(whole.actions));
      expect(joined((r) => r.fingerprints)).toEqual(Array.from(whole.fingerprints));
      expect(joined((r) => r.states.words)).toEqual(Array.from(whole.states.words));
      // Every transition out of the 418 states within depth 3: the search's transitions to depth 4.
      expect(whole.count).toBe(4716);
      expect(workers.expand(level, () => true, quietly)).toBe('time');
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

  it('leave a level smaller than their minimum to the search thread to expand, and still check its suffixes', () => {
    const workers = new SearchWorkers(recipe, 2, 419);
    try {
      expect(workers.expand(packed(model, clean), never, quietly)).toBe('here');
      expect(workers.firstBroken(packed(model, at([20])), never, quietly)).toEqual({ index: 20, found });
    } finally {
      workers.close();
    }
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
