import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { renderText } from './renderText.ts';

/** Placeholder until the charted report lands: the text rendering in a page. */
export function renderHtml(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const text = renderText(record, outcome).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><meta charset="utf-8"><title>${record.property}</title><pre>${text}</pre>`;
}
