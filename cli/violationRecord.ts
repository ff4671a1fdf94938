import { relative, sep } from 'node:path';
import type { CheckResult } from '../checker/result.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { versions } from './context.ts';

/** The algorithm as a counterexample file records it: its module relative to the file's folder, and its source hash. */
export interface RecordedAlgorithm {
  readonly module: string | null;
  readonly sourceHash: string;
}

/** The algorithm's module relative to `out`, the folder the file goes to, so that the file replays on any machine. */
export function recordedAlgorithm(module: string | null, out: string): RecordedAlgorithm {
  return { module: module === null ? null : relative(out, module).split(sep).join('/'), sourceHash: sourceHashOf(module) };
}

/**
 * The file for a violation `check` found, as `check`, `diff` and the vitest suites store it. The
 * module is recorded relative to the folder the file goes to, so that the file works on any machine.
 */
export function violationRecord(
  result: Extract<CheckResult, { status: 'violated' }>,
  module: string | null,
  found: { readonly out: string; readonly preset: string; readonly seed: number; readonly runs: number },
): { readonly algorithm: RecordedAlgorithm; readonly record: CounterexampleFile } {
  const algorithm = recordedAlgorithm(module, found.out);
  const record = counterexampleRecord(result.counterexample, algorithm, {
    tool: `stormcheck ${versions.stormcheck}`,
    fastCheck: versions.fastCheck,
    preset: found.preset,
    seed: found.seed,
    runs: found.runs,
    fastCheckPath: `${result.fastCheckSeed}:${result.fastCheckPath}`,
    shrunkFrom: result.shrink.fastCheckLength,
  });
  return { algorithm, record };
}
