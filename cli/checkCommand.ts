import type { Shard } from '../checker/check.ts';
import { checkCommandLine } from '../checker/checkCommandLine.ts';
import type { CheckResult } from '../checker/result.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { exitCodes } from '../io/inputError.ts';
import type { LoadedAlgorithm } from '../io/loadAlgorithm.ts';
import { renderText } from '../report/renderText.ts';
import { type CheckJob, resolveJob } from './checkJob.ts';
import { type CiReport, reportToCi } from './ciReports.ts';
import type { ConfirmJob } from './confirmJob.ts';
import { type ConfirmContext, type ConfirmFlags, type ConfirmReport, confirmLimitsOf, confirmViolation } from './confirmViolation.ts';
import type { Io } from './context.ts';
import { checkSuite, type FailureDetail } from './junit.ts';
import { progressFor } from './progress.ts';
import { onWorkers, type Runners } from './runInWorker.ts';
import { shellQuoted } from './shellWord.ts';
import { violationRecord } from './violationRecord.ts';

export interface CheckFlags extends ConfirmFlags {
  readonly algorithm: string;
  readonly preset: string;
  readonly property?: string[];
  readonly runs: number;
  readonly seed?: number;
  readonly out: string;
  readonly json?: boolean;
  readonly junit?: string;
  readonly shard?: Shard;
  readonly timeLimit?: number;
  /** Seconds without a sign of life from the check, or from its confirmation, before it is ended as hung (exit 2). */
  readonly hangTimeout: number;
  readonly progress?: boolean;
}

/** A fresh seed when none is given; printed with every result, so any run can be repeated. */
function freshSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

export async function checkCommand(flags: CheckFlags, io: Io, runners: Pick<Runners, 'check' | 'confirm'> = onWorkers): Promise<number> {
  const confirmLimits = confirmLimitsOf(flags);
  const job: CheckJob = {
    algorithm: flags.algorithm,
    preset: flags.preset,
    properties: flags.property ?? [],
    runs: flags.runs,
    seed: flags.seed ?? freshSeed(),
    shard: flags.shard ?? null,
    timeLimitMs: flags.timeLimit === undefined ? null : flags.timeLimit * 1000,
    cwd: process.cwd(),
  };
  // Resolved here too, for the report: a bad flag is reported before any thread starts.
  const { presetName, loaded, properties } = await resolveJob(job);
  const seed = job.seed;
  const planned = flags.shard === undefined ? flags.runs : Math.ceil((flags.runs - flags.shard.index + 1) / flags.shard.count);
  const progress = progressFor(planned, io.stderr, flags.progress !== false && flags.json !== true);
  const silenceMs = flags.hangTimeout * 1000;
  const result = await runners.check(job, silenceMs, (done) => progress.update(done)).finally(() => progress.stop());
  const replay =
    checkCommandLine({
      algorithm: flags.algorithm,
      preset: presetName,
      properties: flags.property ?? [],
      runs: flags.runs,
      seed,
    }) + (flags.shard === undefined ? '' : ` --shard ${flags.shard.index}/${flags.shard.count}`);
  const summary = {
    algorithm: loaded.algorithm.name,
    preset: presetName,
    seed,
    runs: result.runs,
    steps: result.steps,
    elapsedMs: result.elapsedMs,
    replay,
  };
  const shard = flags.shard === undefined ? '' : `, shard ${flags.shard.index}/${flags.shard.count}`;
  const label = { command: 'check', algorithm: loaded.algorithm.name, preset: presetName, detail: `seed ${seed}${shard}` } as const;
  const ci = { label, module: loaded.module, suite: (failure: FailureDetail | null) => checkSuite(label, result, properties, failure) };
  if (result.status !== 'violated') {
    const verdict =
      result.status === 'passed'
        ? `passed: ${result.runs} runs`
        : `time limit reached, nothing found in ${result.runs} of ${flags.runs} runs`;
    reportToCi(flags, { ...ci, status: result.status, verdict, stored: null }, io);
    if (flags.json === true) io.out(JSON.stringify({ status: result.status, ...summary }));
    else io.out(`${verdict}, ${result.steps} steps, ${result.elapsedMs} ms, seed ${seed}\nreplay: ${replay}`);
    return result.status === 'passed' ? exitCodes.passed : exitCodes.limit;
  }
  // The confirmation, if asked for, is watched as the check was.
  const confirmation =
    confirmLimits === null
      ? null
      : { limits: confirmLimits, spec: job, run: (confirmJob: ConfirmJob) => runners.confirm(confirmJob, silenceMs) };
  return reportViolation(result, loaded, { presetName, seed, replay, flags, summary, confirmation, ci }, io);
}

async function reportViolation(
  result: Extract<CheckResult, { status: 'violated' }>,
  loaded: LoadedAlgorithm,
  context: {
    presetName: string;
    seed: number;
    replay: string;
    flags: CheckFlags;
    summary: object;
    confirmation: Pick<ConfirmContext, 'limits' | 'spec' | 'run'> | null;
    ci: Pick<CiReport, 'label' | 'module' | 'suite'>;
  },
  io: Io,
): Promise<number> {
  const { counterexample, shrink } = result;
  const { algorithm, record } = violationRecord(result, loaded.module, {
    out: context.flags.out,
    preset: context.presetName,
    seed: context.seed,
    runs: context.flags.runs,
  });
  const stored = storeCounterexample(context.flags.out, record);
  const outcome = replayCounterexample(record, loaded.algorithm, null);
  const verdict = `violated: ${record.property} after ${record.violation.step} events`;
  reportToCi(context.flags, { ...context.ci, status: 'violated', verdict, stored: { record, outcome, path: stored.path } }, io);
  // The search runs on the counterexample's own network: with swarm testing, not the preset's.
  const { confirmation } = context;
  const confirm = (): Promise<ConfirmReport | null> =>
    confirmation === null
      ? Promise.resolve(null)
      : confirmViolation({ config: counterexample.config, algorithm: loaded.algorithm }, counterexample, {
          ...confirmation,
          presetName: context.presetName,
          out: context.flags.out,
          algorithm,
        });
  const contractBroken = counterexample.property === 'contract';
  if (context.flags.json === true) {
    const confirmed = await confirm();
    io.out(
      JSON.stringify({
        status: contractBroken ? 'error' : 'violated',
        ...context.summary,
        counterexample: {
          file: stored.path,
          written: stored.written,
          property: counterexample.property,
          step: counterexample.step,
          message: counterexample.message,
          events: counterexample.events,
          shrunkFrom: shrink.fastCheckLength,
        },
        ...(confirmed === null ? {} : { confirmation: confirmed.json }),
      }),
    );
  } else {
    io.out(renderText(record, outcome));
    io.out(
      `\n${stored.written ? 'wrote' : 'already stored'} ${stored.path} (shrunk from ${shrink.fastCheckLength} to ${shrink.finalLength} events)`,
    );
    io.out(`replay: npx stormcheck replay ${shellQuoted(stored.path)}\nsearch again: ${context.replay}`);
    // The text report comes first, so that the counterexample and its file are on the screen while
    // the search runs, and stay there if the search is ended as hung.
    const confirmed = await confirm();
    if (confirmed !== null) io.out(confirmed.lines.join('\n'));
  }
  if (!contractBroken) return exitCodes.violated;
  io.err(`stormcheck: algorithm ${loaded.algorithm.name} broke the interface contract: ${counterexample.message}`);
  return exitCodes.input;
}
