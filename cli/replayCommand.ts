import { dirname } from 'node:path';
import { loadCounterexample } from '../corpus/load.ts';
import { type ReplayOutcome, replayCounterexample } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { exitCodes } from '../io/inputError.ts';
import { type LoadedAlgorithm, loadAlgorithm } from '../io/loadAlgorithm.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';

/** A stored counterexample, replayed with its own algorithm or with `override`. */
export async function replayFile(
  path: string,
  override: string | undefined,
): Promise<{ record: CounterexampleFile; loaded: LoadedAlgorithm; outcome: ReplayOutcome }> {
  const record = loadCounterexample(path);
  const loaded =
    override !== undefined
      ? await loadAlgorithm(override, process.cwd(), '--algorithm')
      : await loadAlgorithm(record.algorithm.module ?? record.algorithm.name, dirname(path), `${path}: field algorithm`);
  const outcome = replayCounterexample(record, loaded.algorithm, sourceHashOf(loaded.module));
  return { record, loaded, outcome };
}

export interface ReplayFlags {
  readonly algorithm?: string;
  readonly json?: boolean;
  readonly markdown?: boolean;
}

/** `stormcheck replay`: exit 1 if the property still breaks, 0 if it now holds. */
export async function replayCommand(path: string, flags: ReplayFlags, io: Io): Promise<number> {
  const { record, loaded, outcome } = await replayFile(path, flags.algorithm);
  if (flags.json === true) {
    io.out(
      JSON.stringify({
        status: outcome.verdict === 'violates' ? 'violated' : 'passed',
        file: path,
        algorithm: loaded.algorithm.name,
        property: record.property,
        expect: record.expect,
        asExpected: outcome.asExpected,
        step: outcome.step,
        message: outcome.message,
        divergence: outcome.divergence,
      }),
    );
  } else io.out(flags.markdown === true ? renderMarkdown(record, outcome) : renderText(record, outcome));
  return outcome.verdict === 'violates' ? exitCodes.violated : exitCodes.passed;
}
