import { modelStep } from './modelStep.ts';
import type { Row, Section } from './measure.ts';

/**
 * `npm run bench`: runs every section in order and prints one table per group of rows. A section
 * is a name and a function that returns rows (see `measure.ts`); to add one, write it in its own
 * file and list it here.
 */
const sections: readonly Section[] = [modelStep];

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toPrecision(3);
}

function table(rows: readonly Row[]): string[] {
  const cells = rows.map((r) => [
    r.variant,
    `${formatRate(r.median)} ${r.unit}`,
    `${r.ratio.toFixed(2)}×`,
    `${r.pairedRatio.toFixed(2)}×`,
    `±${(r.spread * 100).toFixed(0)}%`,
  ]);
  const header = ['variant', 'median', 'ratio', 'paired', 'spread'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] as string).length)));
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ');
  return [line(header), ...cells.map(line)];
}

function report(section: Section, rows: readonly Row[], seconds: number): string {
  const groups = [...new Set(rows.map((r) => r.group))];
  const out = [`## ${section.name} (${seconds.toFixed(1)} s)`];
  for (const group of groups) out.push('', group, ...table(rows.filter((r) => r.group === group)));
  return out.join('\n');
}

console.log(`stormcheck bench: node ${process.version}, ${process.env['NODE_ENV'] ?? 'NODE_ENV unset'}`);
console.log('medians of interleaved rounds (wall clock); ratio = median / median of the first row of its table;');
console.log('paired = median of the per-round ratios to the first row; spread = half the range of the rounds / median');
console.log('replay: npm run bench\n');
for (const section of sections) {
  const start = performance.now();
  const rows = section.run();
  console.log(report(section, rows, (performance.now() - start) / 1000), '\n');
}
