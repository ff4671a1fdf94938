import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { roleInWords } from './nodeDetail.ts';
import { nodeName } from './nodeNames.ts';
import { legend, renderTable, summaryLines } from './renderText.ts';
import { stepDiffs, stepperCss, stepperScript, stepperScriptSource } from './stepper.ts';
import { chartCss, escapeHtml, type LineChart, lineChart, type Series } from './svgChart.ts';
import { swimlaneCss, swimlanes } from './swimlanes.ts';
import { type TimelineRow, timeline } from './timeline.ts';

/**
 * A stored counterexample as one self-contained HTML page: the story, a stepper with each step's
 * decisions and changed fields, four charts over the steps (inline SVG, drawn here), a swimlane per
 * node, and the step table. One inline script (the stepper, allowed by its hash), nothing fetched,
 * and a Content-Security-Policy that forbids fetching anything, so the page opens from file://
 * anywhere, can be attached to an issue, and cannot leak a counterexample to a server.
 */
export function renderHtml(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const rows = timeline(record.config, record.events, outcome.states, record.settleTicks);
  const [headline, ...rest] = summaryLines(record, outcome);
  const title = `${record.property} · ${record.algorithm.name} · ${verdictOf(outcome)}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${stepperScriptSource}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${pageCss}${chartCss}${swimlaneCss}${stepperCss}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="headline">${escapeHtml(headline ?? '')}</p>`,
    ...rest.map((line) => `<p class="summary">${escapeHtml(line)}</p>`),
    offendingNodes(record, outcome),
    '<h2>Step through</h2>',
    stepDiffs(record, outcome),
    '<h2>Over the steps</h2>',
    ...charts(record, outcome, rows).map(lineChart),
    '<h2>Per node</h2>',
    swimlanes(record, outcome),
    '<h2>Step by step</h2>',
    stepTable(record, outcome),
    `<script>${stepperScript}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function verdictOf(outcome: ReplayOutcome): string {
  const verdict = outcome.verdict === 'violates' ? `violated at step ${outcome.step}` : 'holds';
  return outcome.asExpected ? verdict : `${verdict} (unexpected)`;
}

/** Enough colours that neighbouring lines differ; load charts with more nodes cycle through them. */
const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#393b79'] as const;
const colour = (k: number) => palette[k % palette.length] as string;

/** The columns of a timeline row that count something, each drawn as a series. */
type Count = 'online' | 'optimal' | 'supernodes' | 'warming' | 'connecting' | 'awaitingLogin' | 'booting';

function charts(record: CounterexampleFile, outcome: ReplayOutcome, rows: readonly TimelineRow[]): LineChart[] {
  const common = { quiet: rows.map((r) => r.quiet), violationStep: outcome.step };
  const series = (id: Count, label: string, color: string, dashed = false): Series => ({
    id,
    label,
    color,
    dashed,
    values: rows.map((r) => r[id]),
  });
  return [
    {
      ...common,
      id: 'online',
      title: 'Users online, and the most the network could have online',
      yLabel: 'users',
      series: [series('online', 'online', colour(0)), series('optimal', 'optimum', '#555', true)],
    },
    {
      ...common,
      id: 'supernodes',
      title: 'Supernodes up (usable) and warming up',
      yLabel: 'supernodes',
      series: [series('supernodes', 'supernodes up', colour(2)), series('warming', 'warming', colour(1))],
    },
    {
      ...common,
      id: 'waiting',
      title: 'Users waiting for a supernode, in the login queue, booting',
      yLabel: 'users',
      series: [
        series('connecting', 'waiting (connecting)', colour(3)),
        series('awaitingLogin', 'in the login queue', colour(6)),
        series('booting', 'booting', colour(4)),
      ],
    },
    {
      ...common,
      id: 'load',
      title: 'Load of each node that is ever a supernode, in percent of its capacity',
      yLabel: '% of capacity',
      series: loadedNodes(rows).map((node, k, all) => ({
        id: `load-${node}`,
        label: nodeName(record.config, node),
        color: colour(k),
        // Supernodes often sit at the same load (full, or shedding); the first drawn are the widest, so none hides.
        width: 2 + (3 * (all.length - 1 - k)) / Math.max(1, all.length - 1),
        values: rows.map((r) => r.loads[node] ?? 0),
      })),
      emptyNote: 'no node carries any load in this trace',
      guides: [{ value: record.config.shedHighPercent, label: `sheds above ${record.config.shedHighPercent}%` }],
    },
  ];
}

/** The nodes with a load above 0 at some step, in index order. */
function loadedNodes(rows: readonly TimelineRow[]): number[] {
  const width = Math.max(0, ...rows.map((r) => r.loads.length));
  return Array.from({ length: width }, (_, node) => node).filter((node) => rows.some((r) => (r.loads[node] ?? 0) > 0));
}

/** The nodes the violation names, each with what it was just before and at the violating step. */
function offendingNodes(record: CounterexampleFile, outcome: ReplayOutcome): string {
  if (outcome.step === null || outcome.nodes.length === 0) return '';
  const at = outcome.step;
  const before = outcome.states[at - 1];
  const after = outcome.states[at];
  const items = outcome.nodes.map((node) => {
    const spec = record.config.nodes[node];
    const what =
      spec === undefined ? 'not in the config' : `${spec.kind}, ${spec.isPublic ? 'public' : 'behind NAT'}, capacity ${spec.capacity}`;
    const then = before === undefined ? '' : `step ${at - 1}: ${roleInWords(before.nodes[node]?.role, record.config)}; `;
    const now = after === undefined ? '' : `step ${at}: ${roleInWords(after.nodes[node]?.role, record.config)}`;
    return `<li><strong>${escapeHtml(nodeName(record.config, node))}</strong> (${escapeHtml(what)}): ${escapeHtml(then + now)}</li>`;
  });
  return `<section class="offenders"><h2>Offending node${outcome.nodes.length > 1 ? 's' : ''}</h2><ul>${items.join('')}</ul></section>`;
}

/** The same table as the terminal's, folded the same way, with the violating row highlighted. */
function stepTable(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const table = renderTable(record, outcome);
  const head = `<tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = table.rows.map((row) => {
    if (typeof row === 'string') return `<tr class="folded"><td colspan="${table.header.length}">${escapeHtml(row)}</td></tr>`;
    const marked = Number(row[0]) === table.marked;
    const cells = row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('');
    return marked ? `<tr class="violation" data-violation-row="${table.marked}">${cells}</tr>` : `<tr>${cells}</tr>`;
  });
  const key = legend.map(([column, meaning]) => `<dt>${escapeHtml(column)}</dt><dd>${escapeHtml(meaning)}</dd>`).join('');
  return `<table class="steps"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>\n<dl class="legend">${key}</dl>`;
}

const pageCss = `
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.35rem; margin-bottom: .5rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; }
p.headline { font-weight: 600; }
p.summary { margin: .3rem 0; }
section.offenders li { margin: .2rem 0; }
table.steps { border-collapse: collapse; font: 13px ui-monospace, monospace; }
table.steps th, table.steps td { padding: .15rem .6rem; text-align: right; border-bottom: 1px solid #eee; }
table.steps th:nth-child(3), table.steps td:nth-child(3) { text-align: left; }
table.steps tr.folded td { text-align: center; color: #777; font-style: italic; }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; font-size: .85rem; }
dl.legend dt { font: 600 13px ui-monospace, monospace; }
dl.legend dd { margin: 0; }
table.steps tr.violation td { background: #fde2e2; color: #900; font-weight: 700; }
`;
