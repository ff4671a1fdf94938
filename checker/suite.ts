import type { AllocationAlgorithm } from '../model/index.ts';
import { presets } from '../model/index.ts';
import { defaultProperties, selectProperties } from '../properties/registry.ts';
import type { Start } from '../properties/run.ts';
import { describeEvents } from '../report/describeEvents.ts';
import { check } from './check.ts';
import { checkCommandLine } from './checkCommandLine.ts';
import type { CheckResult } from './result.ts';

/** The seed the suites run with in CI; `STORMCHECK_SEED` overrides it for a local exploration. */
export const suiteSeed = Number(process.env.STORMCHECK_SEED ?? 20070816);

export interface SuiteRun {
  readonly algorithm: AllocationAlgorithm;
  readonly preset: string;
  /** Property names; all of them when omitted. */
  readonly properties?: readonly string[];
  readonly runs: number;
  readonly seed?: number;
  /** From the settled network (default) or a cold start. */
  readonly start?: Start;
}

/** Runs `check` for a suite and returns the result with a message that replays and explains it. */
export function runSuite(run: SuiteRun): { result: CheckResult; explain: string } {
  const preset = presets[run.preset];
  if (preset === undefined) throw new Error(`unknown preset ${run.preset}`);
  const selected = run.properties === undefined ? defaultProperties : selectProperties(run.properties);
  const seed = run.seed ?? suiteSeed;
  const result = check({
    algorithm: run.algorithm,
    preset,
    properties: selected,
    runs: run.runs,
    seed,
    ...(run.start === undefined ? {} : { start: run.start }),
  });
  const replay = checkCommandLine({
    algorithm: run.algorithm.name,
    preset: run.preset,
    properties: selected.length === defaultProperties.length ? [] : selected.map((p) => p.name),
    runs: run.runs,
    seed,
    coldStart: run.start === 'cold',
  });
  const explain =
    result.status === 'violated'
      ? `${result.counterexample.property} violated after ${result.counterexample.step} events: ${result.counterexample.message}\n  trace: ${describeEvents(result.counterexample.events)}\n  replay: ${replay}`
      : `${result.status} after ${result.runs} runs (${result.steps} steps); replay: ${replay}`;
  return { result, explain };
}
