import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.ts';
import { checkCommandLine } from '../checker/checkCommandLine.ts';
import { loadPreset } from '../cli/parse.ts';
import { violationRecord } from '../cli/violationRecord.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { counterexampleFiles, storeCounterexample, storedWording } from '../corpus/store.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import type { AllocationAlgorithm } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { defaultProperties, selectProperties } from '../properties/registry.ts';
import { renderText } from '../report/renderText.ts';
import { type AlgorithmSuite, fromProjectRoot, inProject, type SuiteSettings, suiteSettings } from './suiteSettings.ts';

export type { AlgorithmSuite } from './suiteSettings.ts';

/**
 * A test's own time budget, from its runs, so that vitest's 5-second default never cuts a search
 * short: about 20 ms a run on tiny and small here, allowed ten times that on a busy CI machine,
 * plus a minute for shrinking a failure.
 */
function checkTimeoutMs(runs: number): number {
  return 60_000 + runs * 200;
}

const replayTimeoutMs = 60_000;

/**
 * Registers vitest tests that check `algorithm` against stormcheck's properties and replay the
 * counterexample corpus. One call in a project's test file:
 *
 *     import { describeAlgorithm } from 'stormcheck/vitest';
 *     import { algorithm } from './my-algorithm.ts';
 *     describeAlgorithm(algorithm);
 *
 * Settings come from `suite`, then from the project's stormcheck.config.*, then from the defaults;
 * every path is resolved against the test file or the config, never the working directory. A
 * failure stores its counterexample in the corpus, as `stormcheck check` does, and shows the
 * rendered trace and the commands that replay it.
 */
export function describeAlgorithm(algorithm: AllocationAlgorithm, suite: AlgorithmSuite = {}): void {
  const testPath = expect.getState().testPath;
  describe(`stormcheck: ${algorithm.name}`, async () => {
    const settings = await suiteSettings(algorithm, suite, testPath);
    const selected = settings.properties.length === 0 ? defaultProperties : selectProperties(settings.properties);
    for (const presetName of settings.presets) {
      it(
        `holds ${selected.length} properties on ${presetName}, ${settings.runs} runs, seed ${settings.seed}`,
        () => checkPreset(algorithm, settings, presetName, selected),
        checkTimeoutMs(settings.runs),
      );
    }
    describeCorpus(algorithm, settings);
  });
}

function checkPreset(algorithm: AllocationAlgorithm, settings: SuiteSettings, presetName: string, selected: readonly Property[]): void {
  // A name or a JSON config, as on the command line; a bad one fails this test with the CLI's own message.
  const { preset } = loadPreset(presetName);
  const { runs, seed } = settings;
  const result = check({ algorithm, preset, properties: selected, runs, seed });
  const search = fromProjectRoot(
    settings,
    checkCommandLine({
      algorithm: settings.module === null ? algorithm.name : `./${inProject(settings, settings.module)}`,
      preset: presetName,
      properties: settings.properties,
      runs,
      seed,
    }),
  );
  if (result.status !== 'violated') {
    expect(result.status, `search again: ${search}`).toBe('passed');
    return;
  }
  const { record } = violationRecord(result, settings.module, { out: settings.corpus, preset: presetName, seed, runs });
  const stored = storeCounterexample(settings.corpus, record);
  const trace = renderText(record, replayCounterexample(record, algorithm, null), { fresh: true });
  const lines = [
    trace,
    '',
    storedWording(stored),
    `replay: ${replayLine(settings, stored.path, settings.module)}`,
    `search again: ${search}`,
    ...(settings.module === null
      ? [`(stormcheck could not tell which module exports ${algorithm.name}: pass { module: './its-file.ts' } to describeAlgorithm)`]
      : []),
  ];
  expect.fail(lines.join('\n'));
}

/**
 * The command that replays `file` from the project root. A file that names a module does not run it
 * unless asked, so the command names the module (`--algorithm`), as the search command does.
 */
function replayLine(settings: SuiteSettings, file: string, module: string | null): string {
  const replay = `npx stormcheck replay ${inProject(settings, file)}`;
  if (module === null) return fromProjectRoot(settings, replay);
  const inside = inProject(settings, module);
  return fromProjectRoot(settings, `${replay} --algorithm ${isAbsolute(inside) ? inside : `./${inside}`}`);
}

/** One test per stored counterexample of this algorithm; a named corpus that is missing or empty is a failing test, never a skip. */
function describeCorpus(algorithm: AllocationAlgorithm, settings: SuiteSettings): void {
  const { corpus } = settings;
  const shown = inProject(settings, corpus);
  if (!existsSync(corpus)) {
    if (settings.corpusNamed) it(`replays ${shown}`, () => expect.fail(`the corpus folder ${corpus} does not exist`));
    return;
  }
  const files = counterexampleFiles(corpus);
  if (files.length === 0 && settings.corpusNamed) {
    it(`replays ${shown}`, () =>
      expect.fail(`the corpus folder ${corpus} holds no counterexample files (${readdirSync(corpus).length} other entries)`));
  }
  for (const file of files) {
    const record = loadCounterexample(file);
    if (record.algorithm.name !== algorithm.name) continue;
    it(
      `replays ${inProject(settings, file)}: ${record.property} ${record.expect}`,
      () => {
        // The hash of the source the test loaded, or of the module the file names: a mismatch is named as a changed source.
        const recorded = record.algorithm.module === null ? null : resolve(dirname(file), record.algorithm.module);
        const module = settings.module ?? (recorded !== null && existsSync(recorded) ? recorded : null);
        const outcome = replayCounterexample(record, algorithm, module === null ? null : sourceHashOf(module));
        const replay = replayLine(settings, file, module);
        expect(outcome.asExpected, `${renderText(record, outcome)}\n\nreplay: ${replay}`).toBe(true);
      },
      replayTimeoutMs,
    );
  }
}
