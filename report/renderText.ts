import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { counted, listed, nodeName } from './nodeNames.ts';
import { summaryParagraph } from './summary.ts';
import { type TimelineRow, timeline } from './timeline.ts';

const columns = ['step', 'tick', 'event', 'SN up', 'warm', 'online', 'opt', 'waiting', 'login', 'booting', 'queue'] as const;

function cells(row: TimelineRow): string[] {
  return [
    String(row.step),
    String(row.tick),
    row.event,
    String(row.supernodes),
    String(row.warming),
    String(row.online),
    String(row.optimal),
    String(row.connecting),
    String(row.awaitingLogin),
    String(row.booting),
    String(row.loginQueue),
  ];
}

/**
 * Consecutive quiet ticks in which nothing visible changes are folded into one row, so a trace of
 * `quiet tick×90` reads in a screen; the violating step and its neighbours are never folded.
 */
function foldRows(rows: readonly TimelineRow[], keep: number | null): (TimelineRow | number)[] {
  const out: (TimelineRow | number)[] = [];
  const same = (a: TimelineRow, b: TimelineRow) => cells(a).slice(3).join() === cells(b).slice(3).join() && a.event === b.event;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as TimelineRow;
    const previous = rows[k - 1];
    const next = rows[k + 1];
    const near = keep !== null && Math.abs(k - keep) <= 1;
    if (!near && previous !== undefined && next !== undefined && same(previous, row) && same(row, next)) {
      const last = out.at(-1);
      if (typeof last === 'number') out[out.length - 1] = last + 1;
      else out.push(1);
      continue;
    }
    out.push(row);
  }
  return out;
}

export interface Rendered {
  readonly header: string[];
  readonly rows: (string[] | string)[];
  readonly marked: number | null;
}

/** The table behind both the terminal and the Markdown rendering. */
export function renderTable(record: CounterexampleFile, outcome: ReplayOutcome): Rendered {
  const rows = timeline(record.config, record.events, outcome.states, record.settleTicks);
  const folded = foldRows(rows, outcome.step);
  return {
    header: [...columns],
    rows: folded.map((r) => (typeof r === 'number' ? `… ${r} unchanged step${r > 1 ? 's' : ''} …` : cells(r))),
    marked: outcome.step,
  };
}

/** How a rendering is headed: a stored file says what it expects; a finding just made expects nothing yet. */
export interface RenderOptions {
  /** The counterexample was just found by `check` or `explore`, not read from a file. */
  readonly fresh?: boolean;
}

/** What a stored file's `expect` means, in the heading. */
const expectation = { violates: 'stored as a known bug', holds: 'stored as a fixed bug (must hold)' } as const;

/** `property · algorithm · settled in N ticks, then K events · stored as a known bug`: the first line of every rendering. */
export function headingOf(record: CounterexampleFile, options: RenderOptions = {}): string {
  const settle = record.settleTicks > 0 ? `settled in ${record.settleTicks} ticks, then ` : 'from a cold start, ';
  const stored = options.fresh === true ? '' : ` · ${expectation[record.expect]}`;
  return `${record.property} · ${record.algorithm.name} · ${settle}${counted(record.events.length, 'event')}${stored}`;
}

/** The verdict lines every rendering starts with: the heading, the story (`summaryParagraph`), the replay's verdict. */
export function summaryLines(record: CounterexampleFile, outcome: ReplayOutcome, options: RenderOptions = {}): string[] {
  const lines = [headingOf(record, options), summaryParagraph(record, outcome)];
  if (outcome.verdict === 'violates') {
    lines.push(
      `replay: violated at step ${outcome.step}: ${outcome.message}${outcome.nodes.length > 0 ? ` (${listed(outcome.nodes.map((i) => nodeName(record.config, i)))})` : ''}`,
    );
  } else lines.push('replay: the property holds over the whole trace');
  if (outcome.divergence !== null) lines.push(`note: ${outcome.divergence}`);
  return lines;
}

/** A terminal rendering: the verdict, then one row per step with the violating step marked `>>`. */
export function renderText(record: CounterexampleFile, outcome: ReplayOutcome, options: RenderOptions = {}): string {
  const table = renderTable(record, outcome);
  const widths = table.header.map((h, c) =>
    Math.max(h.length, ...table.rows.map((r) => (typeof r === 'string' ? 0 : (r[c] ?? '').length))),
  );
  const line = (r: string[], mark: string) =>
    `${mark} ${r.map((cell, c) => (c === 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')}`;
  const body = table.rows.map((r) => (typeof r === 'string' ? `   ${r}` : line(r, Number(r[0]) === table.marked ? '>>' : '  ')));
  return [...summaryLines(record, outcome, options), '', line(table.header, '  '), ...body].join('\n');
}

/** The same as Markdown, for a pull request: the violating row in bold. */
export function renderMarkdown(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const table = renderTable(record, outcome);
  const [title, ...rest] = summaryLines(record, outcome);
  const row = (r: string[], bold: boolean) => `| ${r.map((c) => (bold ? `**${c}**` : c)).join(' | ')} |`;
  return [
    `### ${title}`,
    '',
    ...rest.map((l) => `> ${l}`),
    '',
    row(table.header, false),
    `|${table.header.map(() => ' --- ').join('|')}|`,
    ...table.rows.map((r) =>
      typeof r === 'string' ? `| | | _${r}_ |${' |'.repeat(table.header.length - 3)}` : row(r, Number(r[0]) === table.marked),
    ),
  ].join('\n');
}
