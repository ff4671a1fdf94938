/**
 * A line chart over the steps of a trace, drawn as inline SVG text: no chart library, no script,
 * nothing fetched, so the page it sits in opens from file:// and can be diffed as text.
 *
 * Every series becomes one `<polyline data-series="...">` with exactly one point per step, the
 * violation one `<g data-violation-step="n">`; tests read those attributes rather than pixels.
 */

export interface Series {
  /** The `data-series` value: stable, for tests and styling. */
  readonly id: string;
  readonly label: string;
  /** One value per step. */
  readonly values: readonly number[];
  readonly color: string;
  readonly dashed?: boolean;
  /** Stroke width; wider lines drawn first stay visible where a later line covers them. Default 2. */
  readonly width?: number;
}

/** A horizontal reference line, such as a threshold the algorithm acts on. */
export interface Guide {
  readonly value: number;
  readonly label: string;
}

export interface LineChart {
  /** The `data-chart` value. */
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Whether each step is in the quiet phase; such steps are shaded. */
  readonly quiet: readonly boolean[];
  readonly violationStep: number | null;
  readonly guides?: readonly Guide[];
  /** What the legend says when there is no series to draw. */
  readonly emptyNote?: string;
  /** Pixels; 230 unless told (a swimlane's chart is lower). */
  readonly height?: number;
}

const width = 760;
const heightDefault = 230;
const margin = { left: 52, right: 16, top: 22, bottom: 38 } as const;
const plotWidth = width - margin.left - margin.right;

/** Escapes text for HTML and SVG, in element content and in quoted attributes alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A round step (1, 2 or 5 times a power of ten, at least 1) that cuts `0..max` into about `count` intervals. */
export function niceStep(max: number, count: number): number {
  const raw = max / count;
  if (!(raw > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const factor = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
  return factor * magnitude;
}

/** 0, step, 2·step, ... up to the first multiple of step at or above max. */
function ticks(max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(v);
  return out;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The SVG of one chart; every string that reaches it is escaped here. */
export function lineChart(chart: LineChart): string {
  const height = chart.height ?? heightDefault;
  const plotHeight = height - margin.top - margin.bottom;
  const steps = chart.quiet.length;
  const guideMax = Math.max(0, ...(chart.guides ?? []).map((g) => g.value));
  const valueMax = Math.max(1, guideMax, ...chart.series.flatMap((s) => s.values));
  const yStep = niceStep(valueMax, 5);
  // A guide on the top edge would put its label on the violation's: give it one more tick of room.
  const yTicks = ticks(valueMax === guideMax ? valueMax + 1 : valueMax, yStep);
  const yMax = yTicks.at(-1) ?? 1;
  // A one-state trace has nowhere to go: its single point sits in the middle.
  const x = (step: number) => round(margin.left + (steps <= 1 ? plotWidth / 2 : (step * plotWidth) / (steps - 1)));
  const y = (value: number) => round(margin.top + plotHeight - (value * plotHeight) / yMax);
  const halfStep = steps <= 1 ? plotWidth / 2 : plotWidth / (steps - 1) / 2;
  const bottom = margin.top + plotHeight;
  const right = margin.left + plotWidth;

  const parts: string[] = [];
  for (const [from, to] of runsOf(chart.quiet)) {
    const left = Math.max(margin.left, x(from) - halfStep);
    const w = Math.min(right, x(to) + halfStep) - left;
    parts.push(`<rect class="quiet" x="${round(left)}" y="${margin.top}" width="${round(w)}" height="${plotHeight}"/>`);
    parts.push(`<text class="quiet-label" x="${round(left + 4)}" y="${margin.top + 12}">quiet</text>`);
  }
  for (const v of yTicks) {
    parts.push(`<line class="grid" x1="${margin.left}" x2="${right}" y1="${y(v)}" y2="${y(v)}"/>`);
    parts.push(`<text class="tick" x="${margin.left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  for (const s of ticks(Math.max(0, steps - 1), niceStep(steps - 1, 10))) {
    if (s > steps - 1) break;
    parts.push(`<line class="axis" x1="${x(s)}" x2="${x(s)}" y1="${bottom}" y2="${bottom + 4}"/>`);
    parts.push(`<text class="tick" x="${x(s)}" y="${bottom + 16}" text-anchor="middle">${s}</text>`);
  }
  parts.push(`<line class="axis" x1="${margin.left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${bottom}"/>`);
  parts.push(`<text class="axis-label" x="${margin.left + plotWidth / 2}" y="${height - 4}" text-anchor="middle">step</text>`);
  parts.push(
    `<text class="axis-label" transform="translate(13 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(chart.yLabel)}</text>`,
  );
  for (const guide of chart.guides ?? []) {
    parts.push(`<line class="guide" x1="${margin.left}" x2="${right}" y1="${y(guide.value)}" y2="${y(guide.value)}"/>`);
    parts.push(`<text class="guide-label" x="${right - 4}" y="${y(guide.value) - 4}" text-anchor="end">${escapeHtml(guide.label)}</text>`);
  }
  for (const s of chart.series) {
    if (s.values.length !== steps)
      throw new Error(`stormcheck internal error: series ${s.id} has ${s.values.length} values for ${steps} steps`);
    const points = s.values.map((v, step) => `${x(step)},${y(v)}`).join(' ');
    const dash = s.dashed === true ? ' stroke-dasharray="6 4"' : '';
    // A style, not an attribute: the stylesheet's default width would override a presentation attribute.
    const stroke = s.width === undefined ? '' : ` style="stroke-width:${round(s.width)}"`;
    parts.push(
      `<polyline data-series="${escapeHtml(s.id)}" points="${points}" stroke="${escapeHtml(s.color)}"${stroke}${dash}><title>${escapeHtml(s.label)}</title></polyline>`,
    );
  }
  if (chart.violationStep !== null)
    parts.push(
      violationMarker(x(chart.violationStep), chart.violationStep, x(chart.violationStep) > margin.left + plotWidth / 2, plotHeight),
    );
  // The stepper's cursor (report/stepper.ts moves it): at step k it stands at x0 + k·dx.
  const at = chart.violationStep ?? 0;
  parts.push(
    `<line class="cursor" data-x0="${x(0)}" data-dx="${round(x(1) - x(0))}" x1="${x(at)}" x2="${x(at)}" y1="${margin.top}" y2="${bottom}"/>`,
  );

  const note = chart.series.length === 0 && chart.emptyNote !== undefined ? [`<li class="empty">${escapeHtml(chart.emptyNote)}</li>`] : [];
  const legend = chart.series.map(
    (s) =>
      `<li><span class="swatch${s.dashed === true ? ' dashed' : ''}" style="border-color:${escapeHtml(s.color)}"></span>${escapeHtml(s.label)}</li>`,
  );
  return [
    `<figure class="chart"><figcaption>${escapeHtml(chart.title)}</figcaption>`,
    `<svg data-chart="${escapeHtml(chart.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    ...parts,
    '</svg>',
    `<ul class="legend">${[...legend, ...note].join('')}</ul></figure>`,
  ].join('\n');
}

/** The red line at the violating step, its label on whichever side has room. */
function violationMarker(at: number, step: number, labelLeft: boolean, plotHeight: number): string {
  const labelX = labelLeft ? at - 4 : at + 4;
  return [
    `<g class="violation" data-violation-step="${step}">`,
    `<line x1="${at}" x2="${at}" y1="${margin.top}" y2="${margin.top + plotHeight}"/>`,
    `<text x="${labelX}" y="${margin.top - 8}" text-anchor="${labelLeft ? 'end' : 'start'}">violation · step ${step}</text>`,
    '</g>',
  ].join('');
}

/** The maximal runs of consecutive true entries, as inclusive [first, last] index pairs. */
export function runsOf(flags: readonly boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  flags.forEach((flag, k) => {
    if (!flag) return;
    const last = runs.at(-1);
    if (last !== undefined && last[1] === k - 1) last[1] = k;
    else runs.push([k, k]);
  });
  return runs;
}

/** The chart styles, once per page. */
export const chartCss = `
figure.chart { margin: 1.5rem 0; }
figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
svg[data-chart] { max-width: 100%; height: auto; background: #fff; font: 11px system-ui, sans-serif; }
svg polyline { fill: none; stroke-width: 2; stroke-linejoin: round; }
ul.legend li.empty { color: #777; font-style: italic; }
svg .grid { stroke: #e5e5e5; }
svg .axis { stroke: #555; }
svg .tick, svg .axis-label { fill: #444; }
svg .quiet { fill: #e8eef8; }
svg .quiet-label { fill: #5a6f94; font-style: italic; }
svg .guide { stroke: #b00; stroke-dasharray: 4 4; }
svg .guide-label { fill: #b00; }
svg .violation line { stroke: #d00; stroke-width: 2; }
svg .cursor { stroke: #111; stroke-width: 1.5; stroke-dasharray: 2 3; }
svg .violation text { fill: #d00; font-weight: 600; }
ul.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; }
ul.legend .swatch { display: inline-block; width: 1.5rem; border-top: 3px solid; margin-right: .35rem; vertical-align: middle; }
ul.legend .swatch.dashed { border-top-style: dashed; }
`;
