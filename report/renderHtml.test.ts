/**
 * Proves that the HTML report of a real counterexample is safe and complete as text: everything from
 * the file is escaped, nothing is fetched, every chart has one point per step in each series and a
 * marker at the violating step, and the violating row and the offending nodes are there.
 * (report/browser/ opens the same page in Chromium.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { b4RetryStorm, canary } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import { type ReplayOutcome, replayCounterexample } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { type AllocationAlgorithm, presetNamed } from '../model/index.ts';
import { selectProperties } from '../properties/registry.ts';
import { nodeName } from './nodeNames.ts';
import { renderHtml } from './renderHtml.ts';
import { stepperScript, stepperScriptSource } from './stepper.ts';
import { escapeHtml, lineChart, niceStep, runsOf } from './svgChart.ts';
import { timeline } from './timeline.ts';

/** The counterexample `check` finds for a seeded bug on the default preset with seed 1 (each in about a second). */
function findAndReplay(algorithm: AllocationAlgorithm, property: string): { record: CounterexampleFile; outcome: ReplayOutcome } {
  const preset = presetNamed('default');
  if (preset === undefined) throw new Error('the default preset is missing');
  const result = check({ algorithm, preset, properties: selectProperties([property]), runs: 100, seed: 1 });
  if (result.status !== 'violated' || result.counterexample.property !== property)
    throw new Error(`expected ${algorithm.name} to violate ${property}`);
  const record = counterexampleRecord(
    result.counterexample,
    { module: null, sourceHash: '' },
    { tool: 'test', fastCheck: '', preset: 'default', seed: 1, runs: 100, fastCheckPath: '', shrunkFrom: 0 },
  );
  return { record, outcome: replayCounterexample(record, algorithm, null) };
}

let record: CounterexampleFile;
let outcome: ReplayOutcome;
let html: string;

beforeAll(() => {
  // b4's retry storm shrinks to a few steps with a quiet phase and offending nodes.
  ({ record, outcome } = findAndReplay(b4RetryStorm, 'bounded-reconnection'));
  html = renderHtml(record, outcome);
});

/** The `points` of every series polyline, by chart and series. */
function seriesPoints(page: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const chart of page.matchAll(/<svg data-chart="([^"]+)"[\s\S]*?<\/svg>/g)) {
    for (const line of (chart[0] ?? '').matchAll(/<polyline data-series="([^"]+)" points="([^"]*)"/g)) {
      found.set(`${chart[1]}/${line[1]}`, (line[2] ?? '').split(' '));
    }
  }
  return found;
}

describe('renderHtml', () => {
  it('renders the counterexample it was given: a violation with a quiet phase and named nodes', () => {
    expect(outcome.verdict).toBe('violates');
    expect(outcome.nodes.length).toBeGreaterThan(0);
    expect(html).toContain(`<title>bounded-reconnection · b4-retry-storm · violated at step ${outcome.step}</title>`);
    expect(html).toContain('<rect class="quiet"');
  });

  it('escapes every text taken from the file and the replay', () => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const page = renderHtml({ ...record, explanation: hostile }, { ...outcome, message: hostile });
    // The stepper's own script is the only one; none comes from the file.
    expect(page.replace(`<script>${stepperScript}</script>`, '')).not.toMatch(/<script|<img/i);
    expect(page).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;img src=x onerror=alert(1)&#62;');
    expect(escapeHtml(`a<b>"c"&'d'`)).toBe('a&#60;b&#62;&#34;c&#34;&#38;&#39;d&#39;');
  });

  it('draws the four charts, each series with exactly one point per step', () => {
    const series = seriesPoints(html);
    const charts = new Set([...series.keys()].map((k) => k.split('/')[0]).filter((id) => !id?.startsWith('lane-')));
    expect(charts).toEqual(new Set(['online', 'supernodes', 'waiting', 'load']));
    for (const key of [
      'online/online',
      'online/optimal',
      'supernodes/supernodes',
      'supernodes/warming',
      'waiting/connecting',
      'waiting/awaitingLogin',
      'waiting/booting',
    ]) {
      expect(series.get(key), key).toHaveLength(outcome.states.length);
    }
  });

  it('says so when no node is ever loaded, and draws the shedding threshold anyway', () => {
    // The cold start alone: nobody has been admitted yet, so no node carries any work.
    const cold = { ...record, settleTicks: 0, events: [] };
    const page = renderHtml(cold, replayCounterexample(cold, b4RetryStorm, null));
    expect(page).toContain('no node carries any load in this trace');
    expect(page).toContain(`sheds above ${record.config.shedHighPercent}%`);
  });

  it('draws one load line per node that is ever loaded, one point per step', () => {
    const found = findAndReplay(canary, 'capacity');
    const page = renderHtml(found.record, found.outcome);
    const rows = timeline(found.record.config, found.record.events, found.outcome.states);
    const loaded = found.record.config.nodes.map((_, node) => node).filter((node) => rows.some((r) => (r.loads[node] ?? 0) > 0));
    expect(loaded.length).toBeGreaterThan(0);
    const lines = [...seriesPoints(page)].filter(([key]) => key.startsWith('load/'));
    expect(lines.map(([key]) => key)).toEqual(loaded.map((node) => `load/load-${node}`));
    for (const [, points] of lines) expect(points).toHaveLength(found.outcome.states.length);
  });

  it('marks the violating step on every chart and highlights its row', () => {
    const markers = [...html.matchAll(/data-violation-step="(\d+)"/g)].map((m) => Number(m[1]));
    const charts = [...html.matchAll(/<svg data-chart=/g)].length;
    expect(charts).toBeGreaterThan(4);
    expect(markers).toEqual(new Array(charts).fill(outcome.step));
    expect(html).toContain(`<tr class="violation" data-violation-row="${outcome.step}">`);
    for (const node of outcome.nodes) expect(html).toContain(`<strong>${nodeName(record.config, node)}</strong>`);
  });

  it('draws no marker and no offenders when the property holds', () => {
    const page = renderHtml(record, { ...outcome, verdict: 'holds', step: null, message: null, nodes: [], asExpected: false });
    expect(page).not.toContain('data-violation-step');
    expect(page).not.toContain('Offending');
    expect(page).toContain('<title>bounded-reconnection · b4-retry-storm · holds (unexpected)</title>');
  });

  it('references nothing outside the page, and runs only the stepper, by its hash', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script[^>]*src|<link|<iframe|@import|url\(/i);
    expect([...html.matchAll(/<script>/g)]).toHaveLength(1);
    expect(html).toContain(`<script>${stepperScript}</script>`);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src ${stepperScriptSource}"`);
    expect(stepperScriptSource).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  });

  it('has an expandable diff per step, the violating one open, its changed fields highlighted', () => {
    expect([...html.matchAll(/<details class="step-diff" data-step="(\d+)"/g)].map((m) => Number(m[1]))).toEqual(
      outcome.states.map((_, k) => k),
    );
    expect(html).toContain(`<details class="step-diff" data-step="${outcome.step}" open>`);
    expect(html).toContain('<tr class="changed"><th>tick</th>');
  });

  it('draws a swimlane per node, the offending ones first', () => {
    const lanes = [...html.matchAll(/<section class="lane( offending)?" data-node="(\d+)">/g)].map((m) => [
      Number(m[2]),
      m[1] !== undefined,
    ]);
    expect(lanes).toHaveLength(record.config.nodes.length);
    expect(lanes.slice(0, outcome.nodes.length)).toEqual(outcome.nodes.map((n) => [n, true]));
  });
});

describe('lineChart', () => {
  const chart = {
    id: 'c',
    title: 't',
    yLabel: 'y',
    quiet: [false, false, true, true, false],
    violationStep: 4,
    series: [{ id: 's', label: 's', color: '#000', values: [0, 1, 2, 3, 4] }],
  };

  it('places the first and last points on the edges of the plot, and the marker over the violating point', () => {
    const svg = lineChart(chart);
    expect(svg).toContain('points="52,192 225,149.5 398,107 571,64.5 744,22"');
    expect(svg).toContain('<g class="violation" data-violation-step="4"><line x1="744" x2="744"');
  });

  it('rejects a series whose length is not the number of steps', () => {
    expect(() => lineChart({ ...chart, series: [{ ...chart.series[0]!, values: [1, 2] }] })).toThrow(/series s has 2 values for 5 steps/);
  });

  it('cuts axes at round steps and finds the quiet runs', () => {
    expect([0, 1, 5, 12, 33, 150, 1001].map((max) => niceStep(max, 5))).toEqual([1, 1, 1, 5, 10, 50, 500]);
    expect(runsOf([true, false, true, true, false, true])).toEqual([
      [0, 0],
      [2, 3],
      [5, 5],
    ]);
  });
});
