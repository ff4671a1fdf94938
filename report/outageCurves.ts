import { healing, skype2007, skype2010 } from '../algorithms/index.ts';
import { type AllocationAlgorithm, census, type Preset, presets } from '../model/index.ts';
import { runTrace, settleTicksOf } from '../properties/run.ts';
import { escapeHtml } from './svgChart.ts';

/**
 * The picture in the README: the two scenario presets played from their settled networks, beside
 * the users online the press reported during the outages (docs/outage-timelines.csv), each as a
 * share of the users online before the event. One standalone SVG with its styles inline, so that
 * a README viewer shows it as an image. `npm run outage-curves` writes it to docs/outages.svg.
 */

/** One reported count: hours since the first row of its outage, and users online in percent of that first row. */
export interface RecordPoint {
  readonly hours: number;
  readonly percent: number;
}

/** The rows of outage-timelines.csv for one outage, as percentages of its first row. */
export function recordOf(csv: string, outage: string): RecordPoint[] {
  const rows = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[0] === outage)
    .map((cells) => ({ time: Date.parse((cells[1] ?? '').replace('Z', ':00Z')), users: Number(cells[2]) }));
  const first = rows[0];
  if (first === undefined) throw new Error(`outage-timelines.csv has no rows for ${outage}`);
  return rows.map((r) => ({ hours: (r.time - first.time) / 3_600_000, percent: (100 * r.users) / first.users }));
}

/** Users online after each step of a preset's scenario, in percent of the settled network's. */
export function scenarioPercent(preset: Preset, algorithm: AllocationAlgorithm): number[] {
  const system = { config: preset.config, algorithm };
  const { states } = runTrace(system, preset.scenario, [], settleTicksOf(system));
  const online = states.map((s) => census(preset.config, s).online);
  const before = online[0] || 1;
  return online.map((n) => (100 * n) / before);
}

interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly lines: readonly { readonly label: string; readonly color: string; readonly points: readonly [number, number][] }[];
}

const panelWidth = 380;
const panelHeight = 190;
const pad = { left: 40, right: 10, top: 24, bottom: 34 } as const;

function panel(p: Panel, left: number, top: number): string {
  const xMax = Math.max(1, ...p.lines.flatMap((l) => l.points.map(([x]) => x)));
  const w = panelWidth - pad.left - pad.right;
  const h = panelHeight - pad.top - pad.bottom;
  const x = (v: number) => (left + pad.left + (v * w) / xMax).toFixed(1);
  const y = (v: number) => (top + pad.top + h - (Math.min(110, v) * h) / 110).toFixed(1);
  const out = [`<text x="${left + pad.left}" y="${top + 14}" font-size="12" font-weight="bold">${escapeHtml(p.title)}</text>`];
  for (const v of [0, 50, 100]) {
    out.push(`<line x1="${x(0)}" x2="${x(xMax)}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${left + pad.left - 4}" y="${Number(y(v)) + 4}" font-size="10" text-anchor="end">${v}%</text>`);
  }
  out.push(
    `<text x="${left + pad.left + w / 2}" y="${top + panelHeight - 6}" font-size="10" text-anchor="middle">${escapeHtml(p.xLabel)} (0–${Math.round(xMax)})</text>`,
  );
  p.lines.forEach((line, k) => {
    const points = line.points.map(([px, py]) => `${x(px)},${y(py)}`).join(' ');
    out.push(
      `<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="1.6"><title>${escapeHtml(line.label)}</title></polyline>`,
    );
    const ly = top + pad.top + 12 + 12 * k;
    out.push(`<rect x="${left + panelWidth - 150}" y="${ly - 7}" width="10" height="3" fill="${line.color}"/>`);
    out.push(`<text x="${left + panelWidth - 136}" y="${ly}" font-size="10">${escapeHtml(line.label)}</text>`);
  });
  return out.join('\n');
}

const byStep = (values: readonly number[]): [number, number][] => values.map((v, k) => [k, v]);
const byHour = (record: readonly RecordPoint[]): [number, number][] => record.map((r) => [r.hours, r.percent]);

/** One row of the picture: a scenario preset under healing and the reconstruction, beside its outage's record. */
function outageRow(csv: string, presetName: string, reconstruction: AllocationAlgorithm, outage: string, record: string): Panel[] {
  const preset = presets[presetName];
  if (preset === undefined) throw new Error(`stormcheck internal error: the ${presetName} preset is missing`);
  return [
    {
      title: `${presetName}: users online, % of before`,
      xLabel: 'ticks after the settled network',
      lines: [
        { label: 'healing', color: '#2a7', points: byStep(scenarioPercent(preset, healing)) },
        { label: reconstruction.name, color: '#c33', points: byStep(scenarioPercent(preset, reconstruction)) },
      ],
    },
    {
      title: `${record}, reported`,
      xLabel: recordAxis[outage] ?? 'hours',
      lines: [{ label: 'users online', color: '#333', points: byHour(recordOf(csv, outage)) }],
    },
  ];
}

const recordAxis: Readonly<Record<string, string>> = { '2007': 'hours from 16 Aug 08:00 UTC', '2010': 'hours from 22 Dec 14:00 UTC' };

/** The README's picture, from the CSV's text. */
export function outageCurvesSvg(csv: string): string {
  const panels = [
    ...outageRow(csv, 'patch-tuesday-2007', skype2007, '2007', 'August 2007: % of normal'),
    ...outageRow(csv, 'client-crash-2010', skype2010, '2010', 'December 2010: % of before'),
  ];
  const body = panels.map((p, k) => panel(p, (k % 2) * panelWidth, Math.floor(k / 2) * panelHeight));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${2 * panelWidth} ${2 * panelHeight}" width="${2 * panelWidth}" height="${2 * panelHeight}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
