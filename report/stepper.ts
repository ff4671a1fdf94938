import { createHash } from 'node:crypto';
import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { stepView } from './renderStep.ts';
import { escapeHtml } from './svgChart.ts';

/**
 * The HTML report's stepping: a slider (and the arrow keys) over the steps, and per step an
 * expandable diff of the state's fields that changed, highlighted, with the step's decisions. The
 * script only moves what the page already holds (the charts' and lanes' cursors, which diff is
 * open); without it every diff is still there, collapsed.
 */
export function stepDiffs(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const last = outcome.states.length - 1;
  const start = outcome.step ?? 0;
  const sections = outcome.states.map((_, step) => {
    const view = stepView(record, outcome, step);
    const rows = view.changes
      .map(
        (c) =>
          `<tr class="changed"><th>${escapeHtml(c.path)}</th><td class="before">${escapeHtml(c.before)}</td><td class="after">${escapeHtml(c.after)}</td></tr>`,
      )
      .join('');
    const decisions = view.decisions.map((d) => `<li>${escapeHtml(d)}</li>`).join('');
    const breaks = step === outcome.step ? ' · the property breaks here' : '';
    return [
      `<details class="step-diff" data-step="${step}"${step === start ? ' open' : ''}>`,
      `<summary>step ${step} · tick ${view.tick} · ${escapeHtml(view.event)}${breaks} · ${view.changes.length} field${view.changes.length === 1 ? '' : 's'} changed</summary>`,
      decisions === '' ? '' : `<ul class="decisions">${decisions}</ul>`,
      rows === ''
        ? ''
        : `<table class="diff"><thead><tr><th>field</th><th>before</th><th>after</th></tr></thead><tbody>${rows}</tbody></table>`,
      '</details>',
    ].join('');
  });
  return [
    `<div class="stepper"><label for="step">step <output id="step-now">${start}</output> of ${last}</label>`,
    `<input type="range" id="step" min="0" max="${last}" value="${start}"> <span class="hint">← → keys step</span></div>`,
    ...sections,
  ].join('\n');
}

/** The stepping script: the one script on the page, allowed by its hash in the Content-Security-Policy. */
export const stepperScript = `
(() => {
  const slider = document.getElementById('step');
  const now = document.getElementById('step-now');
  const show = (k) => {
    slider.value = String(k);
    now.textContent = String(k);
    document.body.dataset.step = String(k);
    for (const line of document.querySelectorAll('line.cursor')) {
      const x = Number(line.dataset.x0) + k * Number(line.dataset.dx);
      line.setAttribute('x1', String(x));
      line.setAttribute('x2', String(x));
    }
    for (const d of document.querySelectorAll('details.step-diff')) {
      const here = d.dataset.step === String(k);
      d.open = here;
      d.hidden = !here;
    }
    for (const p of document.querySelectorAll('p.lane-now')) {
      const rect = document.querySelector('svg[data-lane="' + p.dataset.laneNow + '"] rect[data-step="' + k + '"]');
      p.textContent = rect === null ? '' : rect.textContent;
    }
  };
  slider.addEventListener('input', () => show(Number(slider.value)));
  document.addEventListener('keydown', (e) => {
    if (e.target === slider) return;
    const k = Number(slider.value) + (e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0);
    if (k !== Number(slider.value) && k >= 0 && k <= Number(slider.max)) show(k);
  });
  show(Number(slider.value));
})();
`;

/** The script's hash as a CSP source: the page runs this script and no other. */
export const stepperScriptSource = `'sha256-${createHash('sha256').update(stepperScript).digest('base64')}'`;

export const stepperCss = `
div.stepper { position: sticky; top: 0; background: #fff; padding: .4rem 0; z-index: 1; border-bottom: 1px solid #ddd; }
div.stepper input { width: 60%; vertical-align: middle; }
div.stepper .hint { color: #777; font-size: .85rem; }
details.step-diff { margin: .3rem 0; }
details.step-diff summary { cursor: pointer; font-weight: 600; }
table.diff { border-collapse: collapse; font: 12px ui-monospace, monospace; margin: .3rem 0; }
table.diff th, table.diff td { padding: .1rem .5rem; text-align: left; border-bottom: 1px solid #eee; vertical-align: top; }
table.diff tr.changed th { background: #fff3bf; }
table.diff td.before { color: #900; text-decoration: line-through; }
table.diff td.after { color: #060; background: #fff3bf; font-weight: 700; }
ul.decisions { margin: .2rem 0; font-size: .9rem; }
`;
