// Counterexample files are content-addressed: the identity hash in a stored file's name is
// recomputed on load, so a one-byte edit of an event is reported as an edit (exit 2), not replayed
// into a verdict that blames the model. `--accept-edits` replays the file as it is, and the note
// then names the edit as the cause. A file whose name carries no hash was never stored, and loads.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/captured.ts';
import { identityOf } from '../corpus/record.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { sha256 } from '../io/algorithmSource.ts';
import { canaryRecord, tempFolder } from './fixtures.ts';

const dir = tempFolder('content-addressed');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let record: CounterexampleFile;
let stored = '';
beforeAll(() => {
  const found = canaryRecord();
  // A login of user 1 after the violating tick: an event an attacker can edit without changing the verdict's step.
  record = { ...found, events: [...found.events, { kind: 'login', user: 1 }], draws: [...found.draws, []] };
  stored = storeCounterexample(dir, record).path;
});

/** A copy of the stored file under its own name in a folder of its own, with `edit` applied to its text. */
function edited(folder: string, edit: (text: string) => string): string {
  const path = join(dir, folder, stored.split('/').at(-1) ?? '');
  rmSync(join(dir, folder), { recursive: true, force: true });
  storeCounterexample(join(dir, folder), record);
  writeFileSync(path, edit(readFileSync(stored, 'utf8')));
  return path;
}

const hashOf = (r: CounterexampleFile) => sha256(identityOf(r)).slice(0, 8);

describe('an edited counterexample is refused in one line, exit 2', () => {
  it('a one-byte edit of one event ("user":1 → 2)', async () => {
    const path = edited('user', (text) => text.replace('"user":1', '"user":2'));
    const actual = hashOf({ ...record, events: [...record.events.slice(0, -1), { kind: 'login', user: 2 }] });
    for (const command of ['replay', 'show']) {
      expect(await runCli([command, path])).toEqual({
        code: 2,
        out: [],
        err: [
          `stormcheck: ${path}: edited since it was recorded: its algorithm, property, config, events and draws hash to ${actual}, not the ${hashOf(record)} of its name (--accept-edits replays it as it is)`,
        ],
      });
    }
  });

  it('with --accept-edits, an edit that changes the verdict is named as its cause, not the model', async () => {
    const path = edited('verdict', (text) => text.replace('{"kind":"tick"}', '{"kind":"quiet"}'));
    const { code, out } = await runCli(['replay', path, '--accept-edits', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({
      status: 'passed',
      asExpected: false,
      divergence: `recorded step ${record.violation.step}: ${record.violation.message}; the property now holds over the whole trace (the file was edited since it was recorded)`,
    });
  });

  it('an edit of what is not identity (expect, explanation) is allowed: the README tells users to change expect', async () => {
    const path = edited('expect', (text) => text.replace('"expect": "violates"', '"expect": "holds"'));
    const { code, out } = await runCli(['replay', path, '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ expect: 'holds', asExpected: false, divergence: null });
  });

  it('a file renamed to a name without a hash was never content-addressed, and loads', async () => {
    const path = join(dir, 'hand-written.json');
    copyFileSync(stored, path);
    expect((await runCli(['replay', path])).code).toBe(1);
  });
});
