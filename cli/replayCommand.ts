import { loadCounterexample } from '../corpus/load.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { printable } from '../io/printable.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';
import { type ReplayJob, untrustedModule } from './replayJob.ts';
import type { ReplayRunner } from './runInWorker.ts';

/** The flags `replay` and `show` share: which algorithm may run, and whether an edited file may. */
export interface ReplaySource {
  readonly algorithm?: string;
  readonly trustModule?: boolean;
  readonly acceptEdits?: boolean;
  /** Seconds without a sign of life from the replay before it is ended as hung (exit 2). */
  readonly hangTimeout: number;
}

export interface ReplayFlags extends ReplaySource {
  readonly json?: boolean;
  readonly markdown?: boolean;
}

/** The replay the flags ask for, as a job for the watched worker thread. */
export function replayJobOf(path: string, flags: ReplaySource): ReplayJob {
  return {
    path,
    algorithm: flags.algorithm ?? null,
    trustModule: flags.trustModule === true,
    acceptEdits: flags.acceptEdits === true,
    cwd: process.cwd(),
  };
}

/**
 * `stormcheck replay`: exit 1 if the property still breaks, 0 if it now holds. The file is read and
 * checked here, where nothing of it runs; a module it names is refused before any thread starts,
 * unless the user opted in.
 */
export async function replayCommand(path: string, flags: ReplayFlags, io: Io, replay: ReplayRunner): Promise<number> {
  const job = replayJobOf(path, flags);
  const untrusted = untrustedModule(job, loadCounterexample(path, { acceptEdits: job.acceptEdits }));
  if (untrusted !== null) throw new InputError(untrusted);
  const { record, algorithm, outcome } = await replay(job, flags.hangTimeout * 1000);
  if (flags.json === true) {
    io.out(
      JSON.stringify({
        status: outcome.verdict === 'violates' ? 'violated' : 'passed',
        file: path,
        algorithm,
        property: record.property,
        expect: record.expect,
        asExpected: outcome.asExpected,
        step: outcome.step,
        message: outcome.message,
        divergence: outcome.divergence,
      }),
    );
  } else io.out(printable(flags.markdown === true ? renderMarkdown(record, outcome) : renderText(record, outcome)));
  return outcome.verdict === 'violates' ? exitCodes.violated : exitCodes.passed;
}
