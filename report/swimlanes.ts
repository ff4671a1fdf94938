import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { effectiveCapacity, loadPercent, type NodeIndex, type RoleKind, type State } from '../model/index.ts';
import { roleInWords } from './nodeDetail.ts';
import { nodeName } from './nodeNames.ts';
import { escapeHtml, lineChart } from './svgChart.ts';

/** Lanes drawn at most; a larger network shows the nodes that matter first and says how many it left out. */
export const lanesMax = 40;

const roleColours: { readonly [K in RoleKind]: string } = {
  supernode: '#2ca02c',
  ordinary: '#9ecae1',
  awaitingLogin: '#fdae6b',
  connecting: '#e34a33',
  booting: '#969696',
  offline: '#f0f0f0',
};

/**
 * The nodes in the order a reader needs them: the ones the violation names, then every node that is
 * a supernode or a parent at some step, then the rest, in index order within each group.
 */
export function laneOrder(record: CounterexampleFile, outcome: ReplayOutcome): number[] {
  const offending = new Set(outcome.nodes);
  const serving = new Set<number>();
  for (const state of outcome.states)
    state.nodes.forEach((n, i) => {
      if (n.role.kind === 'supernode') serving.add(i);
      if (n.role.kind === 'ordinary') serving.add(n.role.parent);
    });
  const all = record.config.nodes.map((_, i) => i);
  const rank = (i: number) => (offending.has(i) ? 0 : serving.has(i) ? 1 : 2);
  return all.sort((a, b) => rank(a) - rank(b) || a - b);
}

const width = 760;
const left = 52;
const right = 16;
const stripHeight = 26;

/** The role strip of one node: a rectangle per step coloured by role, its title the role, its links and its host cache. */
function roleStrip(record: CounterexampleFile, states: readonly State[], node: number, cursor: number): string {
  const steps = states.length;
  const dx = (width - left - right) / Math.max(1, steps);
  const rects = states.map((state, step) => {
    const n = state.nodes[node];
    const kind = n?.role.kind ?? 'offline';
    const cache = n === undefined || n.hostCache.length === 0 ? 'empty' : n.hostCache.map((c) => `node ${c}`).join(', ');
    const title = `step ${step}: ${roleInWords(n?.role, record.config)}; host cache: ${cache}`;
    const x = Math.round((left + step * dx) * 10) / 10;
    return `<rect data-step="${step}" data-role="${kind}" x="${x}" y="2" width="${Math.round(dx * 10) / 10 + 0.2}" height="${stripHeight - 4}" fill="${roleColours[kind]}"><title>${escapeHtml(title)}</title></rect>`;
  });
  const x = (k: number) => Math.round((left + (k + 0.5) * dx) * 10) / 10;
  return [
    `<svg class="strip" data-lane="${node}" viewBox="0 0 ${width} ${stripHeight}" width="${width}" height="${stripHeight}">`,
    ...rects,
    `<line class="cursor" data-x0="${x(0)}" data-dx="${Math.round(dx * 10) / 10}" x1="${x(cursor)}" x2="${x(cursor)}" y1="0" y2="${stripHeight}"/>`,
    '</svg>',
  ].join('');
}

/**
 * A swimlane per node for the HTML report: its role over the steps (colour), its parent and host
 * cache (each step's title, and the line under the strip that follows the stepper), and, for a node
 * that is ever a supernode, its load against its effective capacity: the children it can hold at the
 * day's usage, in the same unit as the load, which is what the capacity property compares with.
 */
export function swimlanes(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const { config } = record;
  const states = outcome.states;
  const cursor = outcome.step ?? 0;
  const order = laneOrder(record, outcome);
  const offending = new Set(outcome.nodes);
  const lanes = order.slice(0, lanesMax).map((node) => {
    const spec = config.nodes[node];
    const what = spec === undefined ? '' : `${spec.isPublic ? 'public' : 'behind NAT'}, capacity ${spec.capacity}`;
    const everSupernode = states.some((s) => s.nodes[node]?.role.kind === 'supernode');
    const chart = everSupernode
      ? lineChart({
          id: `lane-load-${node}`,
          title: `${nodeName(config, node)}: load and effective capacity, in percent of its capacity`,
          yLabel: '% of capacity',
          height: 150,
          quiet: states.map((s) => s.quietSince >= 0),
          violationStep: outcome.step,
          series: [
            { id: 'load', label: 'load', color: '#1f77b4', values: states.map((s) => loadPercent(config, s, node as NodeIndex)) },
            {
              id: 'effective',
              label: 'effective capacity (children it can hold at the day’s usage)',
              color: '#555',
              dashed: true,
              values: states.map((s) =>
                (spec?.capacity ?? 0) === 0
                  ? 0
                  : Math.floor((effectiveCapacity(config, s, node as NodeIndex) * s.usagePercent) / (spec?.capacity ?? 1)),
              ),
            },
          ],
          guides: [{ value: config.shedHighPercent, label: `work limit ${config.shedHighPercent}%` }],
        })
      : '';
    return [
      `<section class="lane${offending.has(node) ? ' offending' : ''}" data-node="${node}">`,
      `<h3>${escapeHtml(nodeName(config, node))}${offending.has(node) ? ' · named by the violation' : ''} <small>${escapeHtml(what)}</small></h3>`,
      roleStrip(record, states, node, cursor),
      `<p class="lane-now" data-lane-now="${node}"></p>`,
      chart,
      '</section>',
    ].join('\n');
  });
  const hidden = order.length - lanesMax;
  const key = Object.entries(roleColours)
    .map(([kind, colour]) => `<li><span class="role-swatch" style="background:${colour}"></span>${kind}</li>`)
    .join('');
  return [`<ul class="legend roles">${key}</ul>`, ...lanes, hidden > 0 ? `<p class="note">${hidden} more nodes not drawn</p>` : ''].join(
    '\n',
  );
}

export const swimlaneCss = `
section.lane { margin: .8rem 0; }
section.lane h3 { font-size: .95rem; margin: .2rem 0; }
section.lane.offending h3 { color: #900; }
section.lane h3 small { font-weight: 400; color: #555; }
p.lane-now { margin: .1rem 0 .3rem; font: 12px ui-monospace, monospace; color: #333; min-height: 1em; }
ul.roles .role-swatch { display: inline-block; width: .9rem; height: .9rem; margin-right: .3rem; vertical-align: middle; border: 1px solid #ccc; }
svg.strip { max-width: 100%; height: auto; display: block; }
`;
