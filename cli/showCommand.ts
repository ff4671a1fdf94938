import { renameSync, writeFileSync } from 'node:fs';
import { exitCodes } from '../io/inputError.ts';
import { renderHtml } from '../report/renderHtml.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';
import { replayFile } from './replayCommand.ts';

export interface ShowFlags {
  readonly markdown?: boolean;
  readonly html?: string;
  /** The algorithm to render with, instead of the one the file names. */
  readonly algorithm?: string;
}

/** `stormcheck show`: renders a stored counterexample as text, Markdown, or a self-contained HTML page. */
export async function showCommand(path: string, flags: ShowFlags, io: Io): Promise<number> {
  const { record, outcome } = await replayFile(path, flags.algorithm);
  if (flags.html !== undefined) {
    const temporary = `${flags.html}.${process.pid}.tmp`;
    writeFileSync(temporary, renderHtml(record, outcome));
    renameSync(temporary, flags.html);
    io.out(`wrote ${flags.html}`);
  } else io.out(flags.markdown === true ? renderMarkdown(record, outcome) : renderText(record, outcome));
  return exitCodes.passed;
}
