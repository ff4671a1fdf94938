import { loadCounterexample } from '../corpus/load.ts';
import { exitCodes } from '../io/inputError.ts';
import { printable } from '../io/printable.ts';
import { writeReport } from '../io/writeReport.ts';
import { renderHtml } from '../report/renderHtml.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';
import { renderRecorded, renderRecordedHtml } from './renderRecorded.ts';
import { type ReplaySource, replayJobOf } from './replayCommand.ts';
import { storedModule, untrustedModule } from './replayJob.ts';
import type { ReplayRunner } from './runInWorker.ts';
import { replayCommandLine } from './shellWord.ts';

export interface ShowFlags extends ReplaySource {
  readonly markdown?: boolean;
  readonly html?: string;
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
  let text: string;
  if (untrustedModule(job, record) !== null && module !== null) {
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
