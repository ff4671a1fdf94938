import { exitCodes, InputError } from '../io/inputError.ts';
import { locateAlgorithm } from '../io/loadAlgorithm.ts';
import { moduleAtRef } from './baseRef.ts';
import { gitHubFailure, type StoredCounterexample } from './ciReports.ts';
import { projectConfig } from './configFile.ts';
import type { Io } from './context.ts';
import type { DiffJob } from './diffJob.ts';
import { reportToGitHub } from './githubSummary.ts';
import { onWorkers, type Runners } from './runInWorker.ts';
import { replayCommandLine } from './shellWord.ts';
import { prepareOut, replayFinding, store } from './storeFinding.ts';
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
  /** Seconds without a sign of life from either version before the diff is ended as hung (exit 2). */
  readonly hangTimeout: number;
}

/** A run both versions played: the same seed gives the same network and the same events until one of them breaks. */
export interface Regression {
  readonly preset: string;
  readonly run: number;
  readonly property: string;
  /** The stored counterexample, or null when it could not be stored (one line says why; the events are in --json). */
  readonly file: string | null;
  /** What the base does on the head's shrunk trace: `holds` makes the file a witness of the regression on its own. */
  readonly baseOnShrunk: 'holds' | 'violates';
  /** The later runs of the preset in which the head alone breaks the same property: counted, not shrunk. */
  readonly moreRuns: number[];
}

export interface DiffReport {
  readonly regressions: Regression[];
  readonly fixes: { readonly preset: string; readonly run: number; readonly property: string }[];
  readonly bothBreak: { readonly preset: string; readonly run: number; readonly base: string; readonly head: string }[];
  bothHold: number;
}

/**
 * `stormcheck diff`: the base and the head version of an algorithm, run for run on the same seeds,
 * networks and budget, through the public `check`. A run the base survives and the head breaks is
 * a regression, the preset's first one of each property stored with the head's shrunk
 * counterexample and the later ones counted with it; the reverse is a fix; a run both
 * break is reported with both properties. Exit 1 on any regression. Both versions run on a watched
 * worker thread, as check's algorithm does: one that loops at import or in a call ends the command in
 * one line with exit 2 after `--hang-timeout` seconds. A regression is replayed on a fresh thread and
 * stored before anything is reported, as check's finding is (storeFinding.ts).
 */
export async function diffCommand(flags: DiffFlags, io: Io, runners: Pick<Runners, 'diff' | 'replay'> = onWorkers): Promise<number> {
  const cwd = process.cwd();
  const config = await projectConfig(cwd);
  const head = flags.head ?? config?.algorithms[0];
  if (head === undefined) throw new InputError('--head: no head algorithm: give --head, or name one in stormcheck.config.json');
  if ((flags.base === undefined) === (flags.baseRef === undefined))
    throw new InputError('--base: give either --base <algorithm> or --base-ref <git ref>');
  const atRef = flags.baseRef === undefined ? null : moduleAtRef(head, flags.baseRef);
  try {
    const base = {
      spec: atRef?.module ?? flags.base ?? '',
      what: flags.baseRef === undefined ? ('--base' as const) : ('--base-ref' as const),
    };
    const presets = flags.preset ?? config?.presets ?? ['tiny', 'small'];
    const budget = {
      runs: flags.runs ?? config?.runs ?? 100,
      // The same seed for both versions whatever the policy; 'fresh' draws it, and the report prints it.
      seed: flags.seed ?? (config?.seed === 'fresh' ? Math.floor(Math.random() * 0x1_0000_0000) : (config?.seed ?? 1)),
    };
    const out = flags.out ?? config?.corpus ?? 'counterexamples';
    const properties = flags.property ?? config?.properties ?? [];
    // Located and type-checked here, running nothing of either version; a folder a regression could
    // not be stored in is refused before the runs.
    locateAlgorithm(base.spec, cwd, base.what);
    const headModule = locateAlgorithm(head, cwd, '--head').module;
    prepareOut(out, io);
    const silenceMs = flags.hangTimeout * 1000;
    const report: DiffReport = { regressions: [], fixes: [], bothBreak: [], bothHold: 0 };
    const found: { preset: string; run: number; stored: StoredCounterexample }[] = [];
    let names = { base: base.spec, head };
    for (const preset of presets) {
      const job: DiffJob = { base, head, preset, properties, cwd, ...budget };
      const diffed = await runners.diff(job, silenceMs);
      names = diffed.names;
      report.bothHold += diffed.bothHold;
      const { presetName } = diffed;
      for (const { run, shrunk, baseOnShrunk, moreRuns } of diffed.regressions) {
        const { record } = violationRecord(shrunk, headModule, { out, preset: presetName, ...budget });
        const { outcome } = await replayFinding(record, { algorithm: head, cwd }, (replayJob) => runners.replay(replayJob, silenceMs));
        const file = store(out, record, io)?.path ?? null;
        report.regressions.push({ preset: presetName, run, property: record.property, file, baseOnShrunk, moreRuns });
        found.push({ preset: presetName, run, stored: { record, outcome, path: file } });
      }
      report.fixes.push(...diffed.fixes.map((f) => ({ preset: presetName, ...f })));
      report.bothBreak.push(...diffed.bothBreak.map((b) => ({ preset: presetName, ...b })));
    }
    const baseShown = flags.baseRef === undefined ? base.spec : `${head} at ${flags.baseRef}`;
    printDiff(report, { base: baseShown, head, module: headModule, names, presets, ...budget }, flags.json === true, io);
    const label = {
      command: 'diff',
      algorithm: names.head,
      preset: presets.join(', '),
      detail: `${budget.runs} runs, seed ${budget.seed}, against ${baseShown}`,
    } as const;
    const verdict = `${regressedRuns(report)} regressions, ${report.fixes.length} fixes, ${report.bothBreak.length} runs both break, ${report.bothHold} both hold`;
    if (found.length === 0) reportToGitHub({ label, status: 'passed', verdict, failure: null }, io, flags.json === true);
    for (const f of found) {
      const at = { ...label, preset: f.preset, detail: `run ${f.run} of ${label.detail}` };
      reportToGitHub(
        { label: at, status: 'violated', verdict: `regression: ${verdict}`, failure: gitHubFailure(f.stored, headModule) },
        io,
        flags.json === true,
      );
    }
    return report.regressions.length > 0 ? exitCodes.violated : exitCodes.passed;
  } finally {
    atRef?.remove();
  }
}

/** Runs the head alone breaks: each stored regression and the later runs of its preset and property. */
function regressedRuns(report: DiffReport): number {
  return report.regressions.reduce((sum, r) => sum + 1 + r.moreRuns.length, 0);
}

const moreRunsShown = 12;

function moreRunsLine(runs: readonly number[]): string {
  if (runs.length === 0) return '';
  const shown = runs.slice(0, moreRunsShown).join(', ') + (runs.length > moreRunsShown ? ', …' : '');
  return `\n  and ${runs.length} later runs break it too, not shrunk (the file stands for them): ${shown}`;
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
    `${regressedRuns(report)} regressions, ${report.fixes.length} fixes, ${report.bothBreak.length} runs both break, ${report.bothHold} both hold`,
    ...report.regressions.map(
      (r) =>
        `regression: ${r.preset} run ${r.run}: the head breaks ${r.property}${r.baseOnShrunk === 'holds' ? ' (the base holds on the shrunk trace)' : ' (the base breaks the shrunk trace too)'}: ${r.file === null ? 'not stored' : `${r.file}\n  replay: ${replayCommandLine(r.file, what.module)}`}${moreRunsLine(r.moreRuns)}`,
    ),
    ...report.fixes.map((f) => `fix: ${f.preset} run ${f.run}: the base broke ${f.property}, the head holds`),
    ...report.bothBreak.map((b) => `both break: ${b.preset} run ${b.run}: base ${b.base}, head ${b.head}`),
  ];
  io.out(lines.join('\n'));
}
