// Every counterexample under counterexamples/ replays to the outcome its file expects, exactly at
// the recorded step, and the healing reference passes each of those traces: an algorithm change
// that brings back a fixed bug, or breaks a documented one, fails here with the rendered trace. Their
// necessary conditions are what a search gives them today, so no file tells a reviewer a stale story.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmNamed, builtIns, healing } from '../algorithms/index.ts';
import { runCli } from '../cli/captured.ts';
import { searchedConditions } from '../explorer/conditionsSearch.ts';
import { propertyNamed } from '../properties/registry.ts';
import { renderText } from '../report/renderText.ts';
import { loadCounterexample } from './load.ts';
import { replayCounterexample } from './replay.ts';
import { counterexampleFiles } from './store.ts';

const folder = join(import.meta.dirname, '..', 'counterexamples');
const files = counterexampleFiles(folder);

describe('the shipped counterexamples', () => {
  it('cover every built-in bug', () => {
    const algorithms = new Set(files.map((f) => loadCounterexample(f).algorithm.name));
    expect([...algorithms].sort()).toEqual([
      'b1-uptime-gated',
      'b2-ghost-capacity',
      'b3-shutdown-cascade',
      'b4-retry-storm',
      'canary',
      'skype-2007',
      'skype-2010',
    ]);
  });

  it('break what the suites expect of each built-in, so that list and a first run agree', () => {
    const broken = new Map(files.map((f) => loadCounterexample(f)).map((r) => [r.algorithm.name, r.property]));
    for (const { algorithm, expectedViolation } of builtIns)
      expect(broken.get(algorithm.name) ?? null, algorithm.name).toBe(expectedViolation);
  });

  it('state the necessary conditions, searched, that they have today', () => {
    for (const file of files) {
      const { config, settleTicks, events, ...record } = loadCounterexample(file);
      const algorithm = algorithmNamed(record.algorithm.name);
      const property = propertyNamed(record.property);
      if (algorithm === undefined || property === undefined) throw new Error(`${file}: no built-in or property of that name`);
      expect(searchedConditions({ config, algorithm, property, settleTicks, events }), file).toEqual(record.conditions);
    }
  });

  it("hold what `npm start` finds, so that a fresh clone's first run writes nothing new", async () => {
    const pkg = JSON.parse(readFileSync(join(folder, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
    const argv = pkg.scripts.start.replace(/^node bin\/stormcheck\.js /, '').split(' ');
    const copy = mkdtempSync(join(tmpdir(), 'stormcheck-start-'));
    try {
      cpSync(folder, copy, { recursive: true });
      const ran = await runCli([...argv, '--out', copy]);
      expect(ran.code).toBe(1);
      expect(ran.out.join('\n')).toMatch(/already stored by an earlier run, nothing new written/);
      expect(readdirSync(copy).sort()).toEqual(readdirSync(folder).sort());
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  for (const file of files) {
    const record = loadCounterexample(file);
    it(`${record.algorithm.name}: ${record.property} ${record.expect === 'violates' ? 'still breaks' : 'still holds'} (${file.split('/').at(-1)})`, () => {
      const algorithm = algorithmNamed(record.algorithm.name);
      expect(algorithm, `${file}: built-in ${record.algorithm.name} is gone`).toBeDefined();
      if (algorithm === undefined) return;
      const outcome = replayCounterexample(record, algorithm, null);
      expect(outcome.asExpected, renderText(record, outcome)).toBe(true);
      if (record.expect === 'violates') expect(outcome.divergence, renderText(record, outcome)).toBeNull();
      expect(replayCounterexample(record, healing, null).verdict).toBe('holds');
    });
  }
});
