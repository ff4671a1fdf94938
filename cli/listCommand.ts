import { existsSync } from 'node:fs';
import { builtIns } from '../algorithms/index.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { counterexampleFiles, shippedFolder } from '../corpus/store.ts';
import { exitCodes } from '../io/inputError.ts';
import { presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';
import type { Io } from './context.ts';

/**
 * The properties the shipped corpus (`counterexamples/`) has each algorithm break, from its files:
 * what `list` says and what a first run finds then agree by construction. Null where the corpus is
 * not there (an installed package ships none).
 */
function shippedViolations(): Map<string, string[]> | null {
  if (!existsSync(shippedFolder)) return null;
  const found = new Map<string, string[]>();
  for (const file of counterexampleFiles(shippedFolder)) {
    const record = loadCounterexample(file);
    if (record.expect !== 'violates') continue;
    const list = found.get(record.algorithm.name) ?? [];
    if (!list.includes(record.property)) list.push(record.property);
    found.set(record.algorithm.name, list);
  }
  return found;
}

/** `breaks bounded-reconnection (counterexamples/)`, or what the suites expect where no corpus is shipped. */
function breaks(expected: string | null, shipped: readonly string[] | null): string {
  if (shipped === null) return expected === null ? 'reference' : `breaks ${expected}`;
  return shipped.length === 0 ? 'reference (no counterexample in counterexamples/)' : `breaks ${shipped.join(', ')} (counterexamples/)`;
}

/** `stormcheck list`: the built-in algorithms, the properties with their kind and meaning, the presets. */
export function listCommand(flags: { readonly json?: boolean }, io: Io): number {
  const shipped = shippedViolations();
  const algorithms = builtIns.map((b) => ({
    name: b.algorithm.name,
    description: b.algorithm.description,
    expectedViolation: b.expectedViolation,
    shippedViolations: shipped === null ? null : (shipped.get(b.algorithm.name) ?? []),
  }));
  const props = properties.map((p) => ({
    name: p.name,
    label: p.label,
    kind: p.kind,
    family: p.family,
    description: p.meaning,
    why: p.why,
    bound: p.bound?.formula ?? null,
  }));
  const presetList = Object.entries(presets).map(([name, p]) => ({
    name,
    description: p.description,
    nodes: p.config.nodes.length,
    scenarioEvents: p.scenario.length,
  }));
  if (flags.json === true) {
    io.out(JSON.stringify({ algorithms, properties: props, presets: presetList }));
    return exitCodes.passed;
  }
  const lines = [
    'algorithms:',
    ...algorithms.map((a) => `  ${a.name.padEnd(20)} ${breaks(a.expectedViolation, a.shippedViolations)}`),
    '',
    'properties:',
    ...props.map(
      (p) =>
        `  ${p.label.padEnd(3)} ${p.name.padEnd(24)} ${p.family.padEnd(9)} ${p.kind.padEnd(8)} ${p.description}${p.bound === null ? '' : ` [bound: ${p.bound}]`}`,
    ),
    '  (lints run only when named with --property; the default verdict is every invariant and outcome)',
    '',
    'presets:',
    ...presetList.map((p) => `  ${p.name.padEnd(20)} ${p.description}`),
  ];
  io.out(lines.join('\n'));
  return exitCodes.passed;
}
