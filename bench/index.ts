import { capacity } from './capacity.ts';
import { exploration } from './exploration.ts';
import { explorer } from './explorer.ts';
import { loadAccounting } from './loadAccounting.ts';
import type { Row, Section, Table } from './measure.ts';
import { modelStep } from './modelStep.ts';
import { stepScaling } from './stepScaling.ts';

/**
 * `npm run bench`: runs every section in order and prints one table per group of rows, and a
 * section's own tables where it returns them. A section is a name and a function that returns rows
 * and tables (see `measure.ts`); to add one, write it in its own file and list it here.
 * `npm run bench -- <word>…` runs only the sections whose name contains one of the words.
 */
const sections: readonly Section[] = [stepScaling, modelStep, loadAccounting, exploration, explorer, capacity];

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toPrecision(3);
}

/** Columns padded to their widest cell: the first left-aligned (a name), the others right-aligned (numbers). */
function aligned(header: readonly string[], cells: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ');
  return [line(header), ...cells.map(line)];
}

function rateTable(rows: readonly Row[]): string[] {
  const cells = rows.map((r) => [
    r.variant,
    `${formatRate(r.median)} ${r.unit}`,
    `${r.ratio.toFixed(2)}×`,
    `${r.pairedRatio.toFixed(2)}×`,
    `±${(r.spread * 100).toFixed(0)}%`,
  ]);
  return aligned(['variant', 'median', 'ratio', 'paired', 'spread'], cells);
}

function isTable(item: Row | Table): item is Table {
  return 'columns' in item;
}

/**
 * The header gives processor time beside wall time: on a shared machine a section whose wall time
 * is well above its processor time was waiting for other tenants, and its timings are noisier.
 */
function report(section: Section, items: readonly (Row | Table)[], seconds: number, cpuSeconds: number): string {
  const out = [`## ${section.name} (${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s processor)`];
  const rows = items.filter((item): item is Row => !isTable(item));
  const printedGroups = new Set<string>();
  for (const item of items) {
    if (isTable(item)) {
      out.push('', item.title, ...aligned(item.columns, item.cells), ...item.notes);
    } else if (!printedGroups.has(item.group)) {
      printedGroups.add(item.group);
      out.push('', item.group, ...rateTable(rows.filter((r) => r.group === item.group)));
    }
  }
  return out.join('\n');
}

/** The sections named by the command line's words (all of them without words); an unmatched word is a user error. */
function selected(words: readonly string[]): readonly Section[] {
  if (words.length === 0) return sections;
  const unmatched = words.filter((w) => !sections.some((s) => s.name.toLowerCase().includes(w.toLowerCase())));
  if (unmatched.length > 0) {
    console.error(
      `stormcheck bench: no section matches ${unmatched.map((w) => `'${w}'`).join(', ')}; sections: ${sections.map((s) => `'${s.name}'`).join(', ')}`,
    );
    process.exit(2);
  }
  return sections.filter((s) => words.some((w) => s.name.toLowerCase().includes(w.toLowerCase())));
}

const words = process.argv.slice(2);
const chosen = selected(words);
console.log(`stormcheck bench: node ${process.version}, ${process.env.NODE_ENV ?? 'NODE_ENV unset'}`);
console.log('medians of interleaved rounds (wall clock); ratio = median / median of the first row of its table;');
console.log('paired = median of the per-round ratios to the first row; spread = half the range of the rounds / median');
console.log(`replay: npm run bench${words.length === 0 ? '' : ` -- ${words.join(' ')}`}\n`);
for (const section of chosen) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const items = section.run();
  const cpu = process.cpuUsage(cpuStart);
  console.log(report(section, items, (performance.now() - start) / 1000, (cpu.user + cpu.system) / 1e6), '\n');
}
