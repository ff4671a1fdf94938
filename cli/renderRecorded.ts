import type { CounterexampleFile } from '../corpus/schema.ts';
import { describeEvent } from '../model/index.ts';
import { listed, nodeName } from '../report/nodeNames.ts';
import { headingOf } from '../report/renderText.ts';
import { escapeHtml } from '../report/svgChart.ts';

/**
 * A counterexample rendered from what its file holds, running nothing: `show` of a file whose
 * algorithm is a module the user has not chosen to run. The states need a replay, so the steps are
 * the events alone, the recorded violating step marked `>>`.
 */
export function renderRecorded(record: CounterexampleFile, module: string): string {
  const { violation } = record;
  const width = String(record.events.length).length;
  const nodes = violation.nodes.length > 0 ? ` (${listed(violation.nodes.map((i) => nodeName(record.config, i)))})` : '';
  return [
    headingOf(record),
    record.explanation,
    `necessary conditions: it ${record.conditions.summary}`,
    `recorded: violated at step ${violation.step}: ${violation.message}${nodes}`,
    `note: no states, as nothing was replayed: the file names the module ${module}, which is not run unless you ask (--trust-module, or --algorithm <name|path>); the story, the states and the algorithm's decisions need it`,
    '',
    `   ${'step'.padStart(width)}  event`,
    ...record.events.map(
      (event, k) => `${k + 1 === violation.step ? '>>' : '  '} ${String(k + 1).padStart(Math.max(width, 4))}  ${describeEvent(event)}`,
    ),
  ].join('\n');
}

/** `show --step N` of such a file: the recorded event alone, and why there is nothing more. */
export function renderRecordedStep(record: CounterexampleFile, module: string, step: number): string {
  const event = record.events[step - 1];
  return [
    `step ${step} of ${record.events.length} · ${event === undefined ? 'the state the settle phase ended in' : describeEvent(event)}${step === record.violation.step ? ' · the property breaks here' : ''}`,
    `note: the decisions and the changed fields need a replay, and the file names the module ${module}, which is not run unless you ask (--trust-module, or --algorithm <name|path>)`,
  ].join('\n');
}

/** The same as a self-contained page for `show --html`: no script, and nothing fetched. */
export function renderRecordedHtml(record: CounterexampleFile, module: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(`${record.property} · ${record.algorithm.name} · recorded`)}</title>`,
    '</head><body>',
    `<pre>${escapeHtml(renderRecorded(record, module))}</pre>`,
    '</body></html>',
    '',
  ].join('\n');
}
