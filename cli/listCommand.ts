import { builtIns } from '../algorithms/index.ts';
import { exitCodes } from '../io/inputError.ts';
import { presets } from '../model/index.ts';
import { properties } from '../properties/registry.ts';
import type { Io } from './context.ts';

/** `stormcheck list`: the built-in algorithms, the properties with their kind and meaning, the presets. */
export function listCommand(flags: { readonly json?: boolean }, io: Io): number {
  const algorithms = builtIns.map((b) => ({
    name: b.algorithm.name,
    description: b.algorithm.description,
    expectedViolation: b.expectedViolation,
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
    ...algorithms.map((a) => `  ${a.name.padEnd(20)} ${a.expectedViolation === null ? 'reference' : `breaks ${a.expectedViolation}`}`),
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
