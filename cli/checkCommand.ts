import type { Shard } from '../checker/check.ts';
import { checkCommandLine } from '../checker/checkCommandLine.ts';
import type { CheckResult } from '../checker/result.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { storedWording } from '../corpus/store.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { checkWritableFile } from '../io/writableFolder.ts';
import type { Event } from '../model/index.ts';
import { phasesOf } from '../properties/run.ts';
import { renderText } from '../report/renderText.ts';
import { type CheckJob, locateJob } from './checkJob.ts';
import { type CiReport, reportToCi } from './ciReports.ts';
import type { ConfirmJob } from './confirmJob.ts';
import { type ConfirmContext, type ConfirmFlags, type ConfirmReport, confirmLimitsOf, confirmViolation } from './confirmViolation.ts';
import type { Io } from './context.ts';
import { checkSuite, type FailureDetail } from './junit.ts';
import { progressFor } from './progress.ts';
import type { Replayed } from './replayJob.ts';
import { onWorkers, type Runners } from './runInWorker.ts';
import { replayCommandLine, shellQuoted } from './shellWord.ts';
import { findingExit, prepareOut, replayFinding, reportAfterStore, store } from './storeFinding.ts';
import { violationRecord } from './violationRecord.ts';

export interface CheckFlags extends ConfirmFlags {
  readonly algorithm: string;
  /** Start every run cold, not from the settled network. */
  readonly coldStart?: boolean;
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
  /** Runs played again after a pass, and compared, to catch a nondeterministic algorithm (0: none). */
  readonly determinismCheck?: number;
}

/** Runs of a passing check played again by default: a few seconds on `default`, enough to catch most clocks and counters. */
export const determinismCheckDefault = 3;

/** How long after `--time-limit` the command ends what is still running: the search's own stop, between runs, comes first. */
const deadlineGraceMs = 2000;

/**
 * The healing properties whose premise no run reached, as a line of their own: such a property was
 * not judged at all, so a pass says nothing about it.
 */
function notExercised(exercised: Readonly<Record<string, number>>): string {
  const idle = Object.entries(exercised)
    .filter(([, runs]) => runs === 0)
    .map(([name]) => name);
  return idle.length === 0 ? '' : `\nnot exercised (no run reached their premise): ${idle.join(', ')}`;
}

/** A signal aborted `ms` after the first `arm()`; its timer does not keep the process alive. */
function afterLoad(ms: number): { readonly signal: AbortSignal; arm(): void } {
  const controller = new AbortController();
  let armed = false;
  return {
    signal: controller.signal,
    arm: () => {
      if (armed) return;
      armed = true;
      setTimeout(() => controller.abort(), ms).unref();
    },
  };
}

/** A fresh seed when none is given; printed with every result, so any run can be repeated. */
function freshSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

export async function checkCommand(
  flags: CheckFlags,
  io: Io,
  runners: Pick<Runners, 'check' | 'confirm' | 'replay' | 'determinism'> = onWorkers,
): Promise<number> {
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
    ...(flags.coldStart === true ? { start: 'cold' as const } : {}),
  };
  // Checked here, running nothing of the algorithm: a bad flag is reported before any thread starts,
  // and a folder a finding could not be stored in before the search, not after it.
  const { presetName, properties, located } = locateJob(job);
  if (flags.shard !== undefined && flags.shard.index > flags.runs) {
    throw new InputError(
      `--shard: ${flags.shard.index}/${flags.shard.count} takes no run of --runs ${flags.runs}: its first run is run ${flags.shard.index}`,
    );
  }
  prepareOut(flags.out, io);
  if (flags.junit !== undefined) checkWritableFile(flags.junit, '--junit');
  const seed = job.seed;
  const planned = flags.shard === undefined ? flags.runs : Math.ceil((flags.runs - flags.shard.index + 1) / flags.shard.count);
  const progress = progressFor(planned, io.stderr, flags.progress !== false && flags.json !== true);
  const silenceMs = flags.hangTimeout * 1000;
  // --time-limit bounds the command from the moment the algorithm has loaded on the worker (its first
  // progress), as the search counts it: the seconds a busy machine takes to start a thread are not the
  // search's. The search stops itself at the step the limit passes (checker/deadline.ts); this ends
  // what is still going a moment after it: a network's settle computation (a cold start, before a
  // run's first step), the determinism check, the replay of a finding.
  const deadline = flags.timeLimit === undefined ? undefined : afterLoad(flags.timeLimit * 1000 + deadlineGraceMs);
  const onProgress = (done: number) => {
    deadline?.arm();
    progress.update(done);
  };
  const result = await runners.check(job, silenceMs, onProgress, deadline?.signal).finally(() => progress.stop());
  // The module is never imported on this thread: an import that loops forever, ends the process or
  // leaves a throwing timer is caught on the watched one. Its name comes back with the result.
  const algorithm = { name: result.algorithmName, module: located.module };
  // Words of the command quoted for the shell: a path may hold spaces, and the folder is part of what
  // the command repeats (a second run there says "already stored").
  const replay =
    checkCommandLine({
      algorithm: shellQuoted(flags.algorithm),
      preset: shellQuoted(presetName),
      properties: flags.property ?? [],
      runs: flags.runs,
      seed,
      coldStart: flags.coldStart === true,
    }) +
    (flags.shard === undefined ? '' : ` --shard ${flags.shard.index}/${flags.shard.count}`) +
    (flags.out === 'counterexamples' ? '' : ` --out ${shellQuoted(flags.out)}`);
  const summary = {
    algorithm: algorithm.name,
    preset: presetName,
    seed,
    runs: result.runs,
    steps: result.steps,
    elapsedMs: result.elapsedMs,
    exercised: result.exercised,
    replay,
  };
  const shard = flags.shard === undefined ? '' : `, shard ${flags.shard.index}/${flags.shard.count}`;
  const label = { command: 'check', algorithm: algorithm.name, preset: presetName, detail: `seed ${seed}${shard}` } as const;
  const ci = { label, module: algorithm.module, suite: (failure: FailureDetail | null) => checkSuite(label, result, properties, failure) };
  if (result.status !== 'violated') {
    // A pass is believed only if a sample of its runs decides the same when played again.
    const sample = flags.determinismCheck ?? determinismCheckDefault;
    if (sample > 0 && result.status === 'passed') await runners.determinism(job, sample, silenceMs, deadline?.signal);
    const verdict =
      result.status === 'passed'
        ? `passed: ${result.runs} runs`
        : `time limit reached, nothing found in ${result.runs} of ${flags.runs} runs`;
    reportToCi(flags, { ...ci, status: result.status, verdict, stored: null }, io);
    if (flags.json === true) io.out(JSON.stringify({ status: result.status, ...summary }));
    else
      io.out(`${verdict}, ${result.steps} steps, ${result.elapsedMs} ms, seed ${seed}${notExercised(result.exercised)}\nreplay: ${replay}`);
    return result.status === 'passed' ? exitCodes.passed : exitCodes.limit;
  }
  // The confirmation, if asked for, is watched as the check was.
  const confirmation =
    confirmLimits === null
      ? null
      : { limits: confirmLimits, spec: job, run: (confirmJob: ConfirmJob) => runners.confirm(confirmJob, silenceMs) };
  const replayRecord = (record: CounterexampleFile) =>
    replayFinding(record, job, (replayJob) => runners.replay(replayJob, silenceMs, deadline?.signal));
  return reportViolation(result, algorithm, { presetName, seed, replay, flags, summary, confirmation, ci, replayRecord }, io);
}

/** `shrunk from 9 to 3 disruption events; 30 quiet ticks follow`: the quiet ticks are as many as the bound needs, not shrinking's to remove. */
export function shrinkWording(fastCheckDisruptionEvents: number, events: readonly Event[]): string {
  const { disruption, quietTicks } = phasesOf(events);
  const follow = quietTicks === 0 ? '' : `; ${quietTicks} quiet tick${quietTicks === 1 ? '' : 's'} follow${quietTicks === 1 ? 's' : ''}`;
  return `shrunk from ${fastCheckDisruptionEvents} to ${disruption.length} disruption event${disruption.length === 1 ? '' : 's'}${follow}`;
}

async function reportViolation(
  result: Extract<CheckResult, { status: 'violated' }>,
  loaded: { readonly name: string; readonly module: string | null },
  context: {
    presetName: string;
    seed: number;
    replay: string;
    flags: CheckFlags;
    summary: object;
    confirmation: Pick<ConfirmContext, 'limits' | 'spec' | 'run'> | null;
    /** The JUnit and GitHub reports, written after the counterexample is stored, so that they cannot cost the finding. */
    ci: Pick<CiReport, 'label' | 'module' | 'suite'>;
    /** Replays the record on a fresh watched thread: a fresh instance of the module, as a later `replay` will have. */
    replayRecord: (record: CounterexampleFile) => Promise<Replayed>;
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
  // Replayed before it is stored: a counterexample that does not replay is not one (nondeterminism).
  const { outcome } = await context.replayRecord(record);
  const stored = store(context.flags.out, record, io);
  const verdict = `violated: ${record.property} after ${record.violation.step} events`;
  const found = { record, outcome, path: stored?.path ?? null };
  reportAfterStore(() => reportToCi(context.flags, { ...context.ci, status: 'violated', verdict, stored: found }, io), io);
  // The search runs on the counterexample's own network: with swarm testing, not the preset's.
  const { confirmation } = context;
  const confirm = (): Promise<ConfirmReport | null> =>
    confirmation === null
      ? Promise.resolve(null)
      : confirmViolation(counterexample.config, counterexample, {
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
          file: stored?.path ?? null,
          written: stored?.written ?? false,
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
    io.out(renderText(record, outcome, { fresh: true }));
    const shrunk = shrinkWording(shrink.fastCheckDisruptionEvents, record.events);
    if (stored !== null) {
      io.out(`\n${storedWording(stored)} (${shrunk})`);
      io.out(`replay: ${replayCommandLine(stored.path, loaded.module)}`);
    } else io.out(`\nnot stored (${shrunk}): the events are above`);
    io.out(`search again: ${context.replay}`);
    // The text report comes first, so that the counterexample and its file are on the screen while
    // the search runs, and stay there if the search is ended as hung.
    const confirmed = await confirm();
    if (confirmed !== null) io.out(confirmed.lines.join('\n'));
  }
  return findingExit(counterexample, loaded.name, io);
}
