import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { detailLine, nodeDetails, nodesThatMatter } from './nodeDetail.ts';
import { counted, listed, nodeName } from './nodeNames.ts';
import { summaryParagraph } from './summary.ts';
import { type TimelineRow, timeline } from './timeline.ts';

const columns = ['step', 'tick', 'event', 'SN up', 'warm', 'online', 'opt', 'waiting', 'login', 'booting'] as const;

/** What each column counts, for the legend under every table. */
export const legend: readonly (readonly [string, string])[] = [
  ['step', 'events applied after the settle phase; 0 is the network as the settle phase left it'],
  ['tick', "the model's clock"],
  ['event', 'what happened; a user event names the node it hit beside the ordinal the file holds: reboot(node 1, u0)'],
  ['SN up', 'usable supernodes: up and past their warm-up'],
  ['warm', 'supernodes still warming up, not yet taking children'],
  ['online', 'users served: user supernodes, and ordinary users whose supernode serves them this tick'],
  [
    'opt',
    "the most users a centralized allocator could have online with the machines up now; it moves on a plain tick when a machine finishes booting, or when a user's history reaches historyMin and it may serve",
  ],
  ['waiting', 'users connecting: up, with no supernode, probing or waiting to retry'],
  ['login', 'users a supernode admitted, waiting in the login queue (the queue holds exactly these)'],
  ['booting', 'users whose machine is rebooting or whose client is restarting'],
];

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
  /** The command that replays the file, for the Markdown a pull request quotes. */
  readonly replayCommand?: string;
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
  const legendWidth = Math.max(...legend.map(([column]) => column.length));
  const key = legend.map(([column, meaning]) => `   ${column.padEnd(legendWidth)}  ${meaning}`);
  const matter = nodesThatMatter(outcome);
  const nodes = nodeDetails(record, outcome)
    .filter((d) => matter.has(d.node))
    .map((d) => `   ${detailLine(d)}`);
  return [
    ...summaryLines(record, outcome, options),
    '',
    line(table.header, '  '),
    ...body,
    '',
    ...key,
    '',
    '   nodes that matter (the offending ones, their parents and host caches, every supernode):',
    ...nodes,
  ].join('\n');
}

/**
 * The same as Markdown, for a pull request: the story, the table with the violating row in bold, the
 * necessary conditions, the replay command when the file has a path, and every node's role changes
 * and host cache in a collapsed section.
 */
export function renderMarkdown(record: CounterexampleFile, outcome: ReplayOutcome, options: RenderOptions = {}): string {
  const table = renderTable(record, outcome);
  const [title, ...rest] = summaryLines(record, outcome, options);
  const row = (r: string[], bold: boolean) => `| ${r.map((c) => (bold ? `**${c}**` : c)).join(' | ')} |`;
  const nodes = nodeDetails(record, outcome).map((d) => `- ${detailLine(d, (name) => `**${name}**`)}`);
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
    '',
    `Columns: ${legend.map(([column, meaning]) => `**${column}** ${meaning}`).join('; ')}.`,
    '',
    `**Necessary conditions:** it ${record.conditions.summary}.`,
    ...(options.replayCommand === undefined ? [] : ['', '```sh', options.replayCommand, '```']),
    '',
    '<details><summary>Per node: role changes and host cache</summary>',
    '',
    ...nodes,
    '',
    '</details>',
  ].join('\n');
}
