// Counterexample files are durable, checked data: every kind of bad file is refused by `replay` with
// exit 2 and one line naming the file and the field; storing never writes a record twice, never
// overwrites, never leaves a temporary file; and a stored violation replays to the same verdict,
// step and message, or, under another algorithm, says why it no longer does.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, healing } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import type { Counterexample } from '../checker/result.ts';
import { jsonError, runCli } from '../cli/captured.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';
import { loadCounterexample } from './load.ts';
import { counterexampleRecord, formatRecord, type Provenance } from './record.ts';
import { replayCounterexample } from './replay.ts';
import type { CounterexampleFile } from './schema.ts';
import { fileNameOf, storeCounterexample } from './store.ts';

let dir = '';
let found: Counterexample;
let record: CounterexampleFile;

const provenance: Provenance = {
  tool: 'stormcheck test',
  fastCheck: 'test',
  preset: 'tiny',
  seed: 3,
  runs: 20,
  fastCheckPath: '0:0',
  shrunkFrom: 2,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stormcheck-corpus-'));
  const tiny = presets.tiny;
  if (tiny === undefined) throw new Error('the tiny preset is missing');
  const result = check({ algorithm: canary, preset: tiny, properties, runs: 20, seed: 3 });
  if (result.status !== 'violated') throw new Error(`the canary passed ${result.runs} runs on tiny`);
  found = result.counterexample;
  record = counterexampleRecord(found, { module: null, sourceHash: sourceHashOf(null) }, provenance);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process, capturing what it writes. */
const run = (...argv: string[]) => runCli(argv);

/** A fresh folder under the temp dir. */
function folder(): string {
  return mkdtempSync(join(dir, 'folder-'));
}

/** The valid record as plain JSON, changed by `edit`, written to a file of its own. */
function badFile(
  name: string,
  edit: (
    json: Record<string, unknown> & {
      config: Record<string, unknown>;
      events: unknown[];
      draws: unknown[][];
      violation: Record<string, unknown>;
      algorithm: Record<string, unknown>;
    },
  ) => void,
): string {
  const json = JSON.parse(formatRecord(record)) as Parameters<typeof edit>[0];
  edit(json);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
}

describe('replay refuses a bad counterexample file with one line naming the file and field, exit 2', () => {
  const cases: readonly (readonly [string, () => string, (path: string) => string])[] = [
    [
      'not JSON',
      () => {
        const path = join(dir, 'truncated.json');
        writeFileSync(path, formatRecord(record).slice(0, 100));
        return path;
      },
      (path) => `${path}: not valid JSON: ${jsonError(formatRecord(record).slice(0, 100)).replace(/, ".*$/s, '')}`,
    ],
    [
      'a JSON array',
      () => {
        const path = join(dir, 'array.json');
        writeFileSync(path, '[]');
        return path;
      },
      (path) => `${path}: field format: not a stormcheck counterexample (expected "stormcheck-counterexample")`,
    ],
    [
      'the wrong format',
      () => badFile('format.json', (json) => Object.assign(json, { format: 'fast-check-counterexample' })),
      (path) => `${path}: field format: not a stormcheck counterexample (expected "stormcheck-counterexample")`,
    ],
    [
      'an unknown version',
      () => badFile('version.json', (json) => Object.assign(json, { version: 2 })),
      (path) =>
        `${path}: field version: format version 2 is not read by this stormcheck, which reads version 3 only (the model changed; find the counterexample again with 'stormcheck check')`,
    ],
    [
      'a missing version',
      () => badFile('no-version.json', (json) => delete json.version),
      (path) =>
        `${path}: field version: format version undefined is not read by this stormcheck, which reads version 3 only (the model changed; find the counterexample again with 'stormcheck check')`,
    ],
    [
      'an unknown event kind',
      () => badFile('event-kind.json', (json) => json.events.push({ kind: 'earthquake' })),
      (path) =>
        `${path}: field events.${record.events.length}.kind: Invalid discriminator value. Expected 'tick' | 'quiet' | 'reboot' | 'login' | 'logout' | 'patchStorm' | 'crash' | 'usageSpike' | 'addMega'`,
    ],
    [
      'an event with a field of the wrong type',
      () => badFile('event-field.json', (json) => json.events.push({ kind: 'reboot', user: '1' })),
      (path) => `${path}: field events.${record.events.length}.user: Invalid input: expected number, received string`,
    ],
    [
      'a config field of the wrong type',
      () => badFile('config-field.json', (json) => Object.assign(json.config, { hostCacheMax: 2.5 })),
      (path) => `${path}: field config.hostCacheMax: Invalid input: expected int, received number`,
    ],
    [
      'an unknown top-level field',
      () => badFile('extra-field.json', (json) => Object.assign(json, { seed: 3 })),
      (path) => `${path}: field (top level): Unrecognized key: "seed"`,
    ],
    [
      'an unknown property',
      () => badFile('property.json', (json) => Object.assign(json, { property: 'liveness' })),
      (path) => `${path}: field property: unknown property 'liveness'`,
    ],
    [
      'an unknown algorithm name',
      () => badFile('algorithm.json', (json) => Object.assign(json.algorithm, { name: 'skype-2008' })),
      (path) => `${path}: field algorithm.name: no built-in algorithm 'skype-2008', and the file names no module`,
    ],
    [
      'an algorithm module that is gone',
      () => badFile('module.json', (json) => Object.assign(json.algorithm, { name: 'mine', module: 'gone/my-algorithm.ts' })),
      (path) =>
        `${path}: field algorithm.module: the file names the module ${join(dir, 'gone', 'my-algorithm.ts')}, which is not run unless you ask: --trust-module imports it, --algorithm <name|path> replays with one you name`,
    ],
    [
      'a violation node out of range',
      () => badFile('node.json', (json) => Object.assign(json.violation, { nodes: [0, (json.config.nodes as unknown[]).length] })),
      (path) =>
        `${path}: field violation.nodes.1: node ${record.config.nodes.length} is out of range (the config has ${record.config.nodes.length} nodes)`,
    ],
    [
      'draws that are not one list per event',
      () => badFile('draws.json', (json) => json.draws.push([])),
      (path) => `${path}: field draws: ${record.events.length + 1} lists of draws for ${record.events.length} events (one per event)`,
    ],
    [
      'a violation step past the events',
      () => badFile('step.json', (json) => Object.assign(json.violation, { step: json.events.length + 1 })),
      (path) => `${path}: field violation.step: ${record.events.length + 1} is past the last of ${record.events.length} events`,
    ],
  ];

  for (const [name, write, message] of cases) {
    it(name, async () => {
      const path = write();
      const { code, out, err } = await run('replay', path);
      expect(err).toEqual([`stormcheck: ${message(path)}`]);
      expect(code).toBe(2);
      expect(out).toEqual([]);
    });
  }

  it('with --trust-module, an algorithm module that is gone is named', async () => {
    const path = badFile('module-trusted.json', (json) => Object.assign(json.algorithm, { name: 'mine', module: 'gone/my-algorithm.ts' }));
    expect(await run('replay', path, '--trust-module')).toEqual({
      code: 2,
      out: [],
      err: [`stormcheck: ${path}: field algorithm.module: no such file ${join(dir, 'gone', 'my-algorithm.ts')}`],
    });
  });

  it('show refuses the same files the same way', async () => {
    const path = badFile('show-version.json', (json) => Object.assign(json, { version: 2 }));
    expect(await run('show', path)).toEqual({
      code: 2,
      out: [],
      err: [
        `stormcheck: ${path}: field version: format version 2 is not read by this stormcheck, which reads version 3 only (the model changed; find the counterexample again with 'stormcheck check')`,
      ],
    });
  });
});

describe('storing', () => {
  it('the same record twice writes one file', () => {
    const into = folder();
    const first = storeCounterexample(into, record);
    expect(first).toEqual({ path: join(into, fileNameOf(record)), written: true });
    const text = readFileSync(first.path, 'utf8');
    // The same bug found again with other metadata is still the same counterexample.
    const again = storeCounterexample(into, { ...record, found: { ...record.found, seed: 99 } });
    expect(again).toEqual({ path: first.path, written: false });
    expect(readdirSync(into)).toEqual([fileNameOf(record)]);
    expect(readFileSync(first.path, 'utf8')).toBe(text);
  });

  it('never overwrites: a different file under the same name keeps its bytes, the record goes to -2', () => {
    const into = folder();
    const name = fileNameOf(record);
    const other = formatRecord({ ...record, events: [...record.events, { kind: 'tick' }] });
    writeFileSync(join(into, name), other);
    const stored = storeCounterexample(into, record);
    expect(stored).toEqual({ path: join(into, name.replace(/\.json$/, '-2.json')), written: true });
    expect(readFileSync(join(into, name), 'utf8')).toBe(other);
    expect(loadCounterexample(stored.path)).toEqual(record);

    // Storing again finds the record under its suffix; a third, unreadable file pushes the next one to -3.
    expect(storeCounterexample(into, record)).toEqual({ path: stored.path, written: false });
    const third = { ...record, found: { ...record.found, seed: 4 }, config: { ...record.config, seed: 4 } };
    writeFileSync(join(into, fileNameOf(third)), 'not JSON');
    expect(storeCounterexample(into, third).path).toBe(join(into, fileNameOf(third)).replace(/\.json$/, '-2.json'));
    expect(readFileSync(join(into, fileNameOf(third)), 'utf8')).toBe('not JSON');
  });

  it('is atomic: no temporary file is left behind', () => {
    const into = folder();
    storeCounterexample(into, record);
    storeCounterexample(into, record);
    writeFileSync(join(into, fileNameOf({ ...record, property: 'roles' })), '{}');
    storeCounterexample(into, { ...record, property: 'roles' });
    expect(readdirSync(into).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(into).sort()).toEqual(
      [
        fileNameOf(record),
        fileNameOf({ ...record, property: 'roles' }),
        fileNameOf({ ...record, property: 'roles' }).replace(/\.json$/, '-2.json'),
      ].sort(),
    );
  });

  it('names the file after what broke', () => {
    expect(fileNameOf(record)).toMatch(/^capacity--canary--[0-9a-f]{8}\.json$/);
    expect(fileNameOf({ ...record, algorithm: { ...record.algorithm, name: 'my algo/v2' } })).toMatch(
      /^capacity--my-algo-v2--[0-9a-f]{8}\.json$/,
    );
  });
});

describe('round trip: check, store, load, replay', () => {
  it('replays a real violation to the same verdict, step and message, with no divergence', () => {
    expect(found.property).toBe('capacity');
    const stored = storeCounterexample(folder(), record);
    const loaded = loadCounterexample(stored.path);
    expect(loaded).toEqual(record);
    const outcome = replayCounterexample(loaded, canary, sourceHashOf(null));
    expect(outcome).toMatchObject({
      verdict: 'violates',
      step: found.step,
      message: found.message,
      nodes: found.nodes,
      asExpected: true,
      divergence: null,
    });
    expect(outcome.states).toHaveLength(found.events.length + 1);
  });

  it('replayed with healing, the property holds, and the divergence names the switch of algorithm', () => {
    const loaded = loadCounterexample(storeCounterexample(folder(), record).path);
    const outcome = replayCounterexample(loaded, healing, sourceHashOf(null));
    expect(outcome).toMatchObject({ verdict: 'holds', step: null, message: null, asExpected: false });
    expect(outcome.divergence).toBe(
      `recorded step ${found.step}: ${found.message}; the property now holds over the whole trace (replayed with healing instead of canary)`,
    );
  });

  it('a changed algorithm source is named as the likely cause', () => {
    const outcome = replayCounterexample(
      { ...record, violation: { ...record.violation, message: 'an older message' } },
      canary,
      'sha256:other',
    );
    expect(outcome.divergence).toBe(
      `recorded step ${found.step}: an older message; now step ${found.step}: ${found.message} (the algorithm's source changed since the file was recorded)`,
    );
  });

  // formatRecord splices the nodes in at the `"nodes"` key, never at a value that happens to match.
  it('a config of any name round-trips', () => {
    const named = { ...record, config: { ...record.config, name: '@nodes' } };
    expect(loadCounterexample(storeCounterexample(folder(), named).path)).toEqual(named);
  });
});
