import { loadCounterexample } from '../corpus/load.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { clipped, printable } from '../io/printable.ts';
import { writeReport } from '../io/writeReport.ts';
import { renderHtml } from '../report/renderHtml.ts';
import { renderStep } from '../report/renderStep.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';
import { renderRecorded, renderRecordedHtml, renderRecordedStep } from './renderRecorded.ts';
import { type ReplaySource, replayJobOf } from './replayCommand.ts';
import { storedModule, untrustedModule } from './replayJob.ts';
import type { ReplayRunner } from './runInWorker.ts';
import { replayCommandLine } from './shellWord.ts';

export interface ShowFlags extends ReplaySource {
  readonly markdown?: boolean;
  readonly html?: string;
  /** `--step N`, as typed: checked against the file's steps here. */
  readonly step?: string;
}

/** The step `--step` names, checked against the trace: 0 (the settled state) to the last event. */
function stepOf(value: string, record: CounterexampleFile): number {
  const last = record.events.length;
  const step = Number(value);
  if (!/^\d+$/.test(value) || step > last)
    throw new InputError(`--step: '${clipped(value)}' is not a step of this trace, which has steps 0 to ${last}`);
  return step;
}

/**
 * `stormcheck show`: renders a stored counterexample as text, Markdown, or a self-contained HTML
 * page. A built-in algorithm of the recorded name is replayed for the states; a module the file
 * names is not run unless the user asks, and the file's own events and violation are shown instead.
 */
export async function showCommand(path: string, flags: ShowFlags, io: Io, replay: ReplayRunner): Promise<number> {
  const job = replayJobOf(path, flags);
  const record = loadCounterexample(path, { acceptEdits: job.acceptEdits });
  const module = storedModule(path, record);
  const step = flags.step === undefined ? null : stepOf(flags.step, record);
  let text: string;
  if (untrustedModule(job, record) !== null && module !== null) {
    if (step !== null) {
      io.out(printable(renderRecordedStep(record, module, step)));
      return exitCodes.passed;
    }
    const recorded = renderRecorded(record, module);
    // As Markdown, a block that a pull request shows as it is.
    text =
      flags.html !== undefined
        ? renderRecordedHtml(record, module)
        : flags.markdown === true
          ? `\`\`\`text\n${recorded}\n\`\`\``
          : recorded;
  } else {
    const { outcome } = await replay(job, flags.hangTimeout * 1000);
    if (step !== null) {
      if (step >= outcome.states.length)
        throw new InputError(`--step: ${step} is past step ${outcome.states.length - 1}, where the property breaks and the replay stops`);
      io.out(printable(renderStep(record, outcome, step)));
      return exitCodes.passed;
    }
    text =
      flags.html !== undefined
        ? renderHtml(record, outcome)
        : flags.markdown === true
          ? renderMarkdown(record, outcome, { replayCommand: replayCommandLine(path, module) })
          : renderText(record, outcome);
  }
  if (flags.html === undefined) {
    io.out(printable(text));
    return exitCodes.passed;
  }
  writeReport(flags.html, text, '--html');
  io.out(`wrote ${flags.html}`);
  return exitCodes.passed;
}
