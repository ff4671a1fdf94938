// describeAlgorithm's settings resolve against the test file and the config file, never the
// working directory: a JSON preset and a corpus given to the suite are relative to the test file,
// the config's corpus to the config, and the default corpus is counterexamples/ at the project root.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { healing } from '../algorithms/index.ts';
import { suiteSettings } from './suiteSettings.ts';

let project = '';
let testFile = '';
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'stormcheck-settings-'));
  mkdirSync(join(project, 'test'));
  writeFileSync(join(project, 'package.json'), '{"name":"p"}');
  testFile = join(project, 'test', 'algo.test.ts');
  writeFileSync(testFile, '');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

it('resolves what the suite names against the test file, and defaults to the project root', async () => {
  const defaults = await suiteSettings(healing, {}, testFile);
  expect(defaults).toMatchObject({
    projectRoot: project,
    corpus: join(project, 'counterexamples'),
    corpusNamed: false,
    seed: 1,
    runs: 300,
  });
  const named = await suiteSettings(healing, { presets: ['tiny', './net.json'], corpus: 'corpus' }, testFile);
  expect(named).toMatchObject({
    presets: ['tiny', join(project, 'test', 'net.json')],
    corpus: join(project, 'test', 'corpus'),
    corpusNamed: true,
  });
});

it("takes the config's settings, its corpus relative to the config, and lets the suite override them", async () => {
  writeFileSync(
    join(project, 'stormcheck.config.json'),
    JSON.stringify({ algorithm: 'healing', presets: ['small'], runs: 9, seed: 4, corpus: 'ce' }),
  );
  const configured = await suiteSettings(healing, {}, testFile);
  expect(configured).toMatchObject({ presets: ['small'], runs: 9, seed: 4, corpus: join(project, 'ce'), corpusNamed: true });
  expect(await suiteSettings(healing, { runs: 2, seed: 8 }, testFile)).toMatchObject({ runs: 2, seed: 8 });
  rmSync(join(project, 'stormcheck.config.json'));
});
