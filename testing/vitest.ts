import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.ts';
import { checkCommandLine } from '../checker/checkCommandLine.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { counterexampleFiles } from '../corpus/store.ts';
import type { AllocationAlgorithm } from '../model/index.ts';
import { presets } from '../model/index.ts';
import { properties as allProperties, selectProperties } from '../properties/registry.ts';
import { renderText } from '../report/renderText.ts';

export interface AlgorithmSuite {
  /** Presets to search; default `tiny` and `small`. */
  readonly presets?: readonly string[];
  /** Property names; default all. */
  readonly properties?: readonly string[];
  /** Runs per preset; default 300. */
  readonly runs?: number;
  /** Default 1; fixed, so CI is deterministic. */
  readonly seed?: number;
  /** A folder of counterexample files to replay against the algorithm; default `counterexamples` if it exists. */
  readonly corpus?: string;
}

/**
 * Registers vitest tests that check `algorithm` against stormcheck's properties and replay the
 * counterexample corpus. One call in a project's test file:
 *
 *     import { describeAlgorithm } from 'stormcheck/vitest';
 *     import { algorithm } from './my-algorithm.ts';
 *     describeAlgorithm(algorithm);
 *
 * A failure shows the rendered trace and the command that replays it in vitest's report.
 */
export function describeAlgorithm(algorithm: AllocationAlgorithm, suite: AlgorithmSuite = {}): void {
  const selected = suite.properties === undefined ? allProperties : selectProperties(suite.properties);
  const seed = suite.seed ?? 1;
  const runs = suite.runs ?? 300;
  describe(`stormcheck: ${algorithm.name} (seed ${seed})`, () => {
    for (const presetName of suite.presets ?? ['tiny', 'small']) {
      it(`holds ${selected.length} properties on ${presetName}, ${runs} runs`, () => {
        const preset = presets[presetName];
        expect(preset, `unknown preset ${presetName}`).toBeDefined();
        if (preset === undefined) return;
        const result = check({ algorithm, preset, properties: selected, runs, seed });
        const replay = checkCommandLine({ algorithm: algorithm.name, preset: presetName, properties: suite.properties ?? [], runs, seed });
        if (result.status !== 'violated') {
          expect(result.status, `replay: ${replay}`).toBe('passed');
          return;
        }
        const record = counterexampleRecord(
          result.counterexample,
          { algorithm, module: null, sourceHash: '' },
          {
            tool: 'stormcheck',
            fastCheck: '',
            preset: presetName,
            seed,
            runs,
            fastCheckPath: result.fastCheckPath,
            shrunkFrom: result.shrink.fastCheckLength,
          },
        );
        const trace = renderText(record, replayCounterexample(record, algorithm, null));
        expect.fail(`${trace}\n\nsearch again: ${replay} (with --algorithm pointing at your module)`);
      });
    }
    const corpus = suite.corpus ?? 'counterexamples';
    const files = existsSync(corpus) ? counterexampleFiles(corpus) : [];
    for (const file of files) {
      const record = loadCounterexample(file);
      if (record.algorithm.name !== algorithm.name) continue;
      it(`replays ${join(corpus, file.split(/[\\/]/).at(-1) ?? file)}: ${record.property} ${record.expect}`, () => {
        const outcome = replayCounterexample(record, algorithm, null);
        expect(outcome.asExpected, `${renderText(record, outcome)}\n\nreplay: npx stormcheck replay ${file}`).toBe(true);
      });
    }
  });
}
