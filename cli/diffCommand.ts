import { check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { loadAlgorithm } from '../io/loadAlgorithm.ts';
import { moduleAtRef } from './baseRef.ts';
import { type ResolvedJob, selected } from './checkJob.ts';
import { gitHubFailure, type StoredCounterexample } from './ciReports.ts';
import { projectConfig } from './configFile.ts';
import type { Io } from './context.ts';
import { reportToGitHub } from './githubSummary.ts';
import { loadPreset } from './parse.ts';
import { replayCommandLine } from './shellWord.ts';
import { violationRecord } from './violationRecord.ts';

export interface DiffFlags {
  readonly base?: string;
  readonly baseRef?: string;
  readonly head?: string;
  readonly preset?: string[];
  readonly property?: string[];
  readonly runs?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly json?: boolean;
}

/** A run both versions played: the same seed gives the same network and the same events until one of them breaks. */
export interface Regression {
  readonly preset: string;
  readonly run: number;
  readonly property: string;
  readonly file: string;
  /** What the base does on the head's shrunk trace: `holds` makes the file a witness of the regression on its own. */
  readonly baseOnShrunk: 'holds' | 'violates';
}

export interface DiffReport {
  readonly regressions: Regression[];
  readonly fixes: { readonly preset: string; readonly run: number; readonly property: string }[];
  readonly bothBreak: { readonly preset: string; readonly run: number; readonly base: string; readonly head: string }[];
  bothHold: number;
}

type Violated = Extract<CheckResult, { status: 'violated' }>;

/**
 * One run of a check's budget, alone: shard r+1 of `runs` holds exactly run r, with the seed, and
 * so the network and events, that run has in the whole budget.
 */
function oneRun(
  job: Pick<ResolvedJob, 'loaded' | 'preset' | 'properties'>,
  run: number,
  budget: { readonly runs: number; readonly seed: number },
): Violated | null {
  const shard = { index: run + 1, count: budget.runs };
  const result = check({ algorithm: job.loaded.algorithm, preset: job.preset, properties: job.properties, ...budget, shard });
  return result.status === 'violated' ? result : null;
}

/**
 * `stormcheck diff`: the base and the head version of an algorithm, run for run on the same seeds,
 * networks and budget, through the public `check`. A run the base survives and the head breaks is
 * a regression, stored with the head's shrunk counterexample; the reverse is a fix; a run both
 * break is reported with both properties. Exit 1 on any regression. Runs in this process, without
 * the watchdog of `check`: an algorithm that never returns hangs it.
 */
export async function diffCommand(flags: DiffFlags, io: Io): Promise<number> {
  const cwd = process.cwd();
  const config = await projectConfig(cwd);
  const head = flags.head ?? config?.algorithms[0];
  if (head === undefined) throw new InputError('--head: no head algorithm: give --head, or name one in stormcheck.config.json');
  if ((flags.base === undefined) === (flags.baseRef === undefined))
    throw new InputError('--base: give either --base <algorithm> or --base-ref <git ref>');
  const atRef = flags.baseRef === undefined ? null : moduleAtRef(head, flags.baseRef);
  try {
    const base = atRef?.module ?? flags.base ?? '';
    const presets = flags.preset ?? config?.presets ?? ['tiny', 'small'];
    const budget = {
      runs: flags.runs ?? config?.runs ?? 100,
      // The same seed for both versions whatever the policy; 'fresh' draws it, and the report prints it.
      seed: flags.seed ?? (config?.seed === 'fresh' ? Math.floor(Math.random() * 0x1_0000_0000) : (config?.seed ?? 1)),
    };
    const out = flags.out ?? config?.corpus ?? 'counterexamples';
    const report: DiffReport = { regressions: [], fixes: [], bothBreak: [], bothHold: 0 };
    const found: { preset: string; run: number; stored: StoredCounterexample }[] = [];
    const properties = selected(flags.property ?? config?.properties ?? []);
    // Both versions' values are copied as plain data, as check's are (io/containedAlgorithm.ts).
    const load = (spec: string, what: string) => loadAlgorithm(spec, cwd, what);
    const loaded = {
      base: await load(base, flags.baseRef === undefined ? '--base' : '--base-ref'),
      head: await load(head, '--head'),
    };
    const names = { base: loaded.base.algorithm.name, head: loaded.head.algorithm.name };
    for (const presetSpec of presets) {
      const { name: presetName, preset } = loadPreset(presetSpec);
      const baseJob = { loaded: loaded.base, preset, properties };
      const headJob = { loaded: loaded.head, preset, properties };
      for (let run = 0; run < budget.runs; run++) {
        const was = oneRun(baseJob, run, budget);
        const now = oneRun(headJob, run, budget);
        const at = { preset: presetName, run };
        if (was === null && now === null) report.bothHold++;
        else if (was !== null && now !== null)
          report.bothBreak.push({ ...at, base: was.counterexample.property, head: now.counterexample.property });
        else if (was !== null) report.fixes.push({ ...at, property: was.counterexample.property });
        else if (now !== null) {
          const { record } = violationRecord(now, headJob.loaded.module, {
            out,
            preset: presetName,
            seed: budget.seed,
            runs: budget.runs,
          });
          const stored = storeCounterexample(out, record);
          const onBase = replayCounterexample(record, baseJob.loaded.algorithm, null).verdict;
          report.regressions.push({ ...at, property: record.property, file: stored.path, baseOnShrunk: onBase });
          const outcome = replayCounterexample(record, headJob.loaded.algorithm, null);
          found.push({ preset: presetName, run, stored: { record, outcome, path: stored.path } });
        }
      }
    }
    const baseShown = flags.baseRef === undefined ? base : `${head} at ${flags.baseRef}`;
    printDiff(report, { base: baseShown, head, module: loaded.head.module, names, presets, ...budget }, flags.json === true, io);
    const label = {
      command: 'diff',
      algorithm: names.head,
      preset: presets.join(', '),
      detail: `${budget.runs} runs, seed ${budget.seed}, against ${baseShown}`,
    } as const;
    const verdict = `${report.regressions.length} regressions, ${report.fixes.length} fixes, ${report.bothBreak.length} runs both break, ${report.bothHold} both hold`;
    if (found.length === 0) reportToGitHub({ label, status: 'passed', verdict, failure: null }, io, flags.json === true);
    for (const f of found) {
      const at = { ...label, preset: f.preset, detail: `run ${f.run} of ${label.detail}` };
      reportToGitHub(
        { label: at, status: 'violated', verdict: `regression: ${verdict}`, failure: gitHubFailure(f.stored, loaded.head.module) },
        io,
        flags.json === true,
      );
    }
    return report.regressions.length > 0 ? exitCodes.violated : exitCodes.passed;
  } finally {
    atRef?.remove();
  }
}

function printDiff(
  report: DiffReport,
  what: {
    base: string;
    head: string;
    module: string | null;
    names: { base: string; head: string };
    presets: readonly string[];
    runs: number;
    seed: number;
  },
  json: boolean,
  io: Io,
): void {
  const status = report.regressions.length > 0 ? 'regressed' : 'passed';
  if (json) {
    io.out(
      JSON.stringify({ status, base: what.base, head: what.head, presets: what.presets, runs: what.runs, seed: what.seed, ...report }),
    );
    return;
  }
  const lines = [
    `diff: base ${what.base} (${what.names.base}) against head ${what.head} (${what.names.head}); ${what.presets.join(', ')}; ${what.runs} runs each, seed ${what.seed}`,
    `${report.regressions.length} regressions, ${report.fixes.length} fixes, ${report.bothBreak.length} runs both break, ${report.bothHold} both hold`,
    ...report.regressions.map(
      (r) =>
        `regression: ${r.preset} run ${r.run}: the head breaks ${r.property}${r.baseOnShrunk === 'holds' ? ' (the base holds on the shrunk trace)' : ' (the base breaks the shrunk trace too)'}: ${r.file}\n  replay: ${replayCommandLine(r.file, what.module)}`,
    ),
    ...report.fixes.map((f) => `fix: ${f.preset} run ${f.run}: the base broke ${f.property}, the head holds`),
    ...report.bothBreak.map((b) => `both break: ${b.preset} run ${b.run}: base ${b.base}, head ${b.head}`),
  ];
  io.out(lines.join('\n'));
}
