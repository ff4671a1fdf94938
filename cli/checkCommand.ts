import { relative, sep } from 'node:path';
import type { Shard } from '../checker/check.ts';
import { checkCommandLine } from '../checker/checkCommandLine.ts';
import type { CheckResult } from '../checker/result.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import { type ReplayOutcome, replayCounterexample } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { type Stored, storeCounterexample } from '../corpus/store.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { exitCodes, InputError } from '../io/inputError.ts';
import { type LoadedAlgorithm, loadAlgorithm } from '../io/loadAlgorithm.ts';
import { checkWritableFile, checkWritableFolder } from '../io/writableFolder.ts';
import { removeStaleTemporaries } from '../io/writeNew.ts';
import { writeReport } from '../io/writeReport.ts';
import { renderText } from '../report/renderText.ts';
import { type CheckJob, locateJob } from './checkJob.ts';
import type { ConfirmJob } from './confirmJob.ts';
import { type ConfirmContext, type ConfirmFlags, type ConfirmReport, confirmLimitsOf, confirmViolation } from './confirmViolation.ts';
import { type Io, versions } from './context.ts';
import { junitReport } from './junit.ts';
import { progressFor } from './progress.ts';
import { onWorkers, type Runners } from './runInWorker.ts';

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
  // Checked here, running nothing of the algorithm: a bad flag is reported before any thread starts,
  // and a folder a finding could not be stored in before the search, not after it.
  const { presetName, properties } = locateJob(job);
  checkWritableFolder(flags.out, '--out');
  for (const left of removeStaleTemporaries(flags.out)) {
    io.err(`stormcheck: --out: cannot remove ${left.path}, left by a write that was cut short: ${left.reason}`);
  }
  if (flags.junit !== undefined) checkWritableFile(flags.junit, '--junit');
  const seed = job.seed;
  const planned = flags.shard === undefined ? flags.runs : Math.ceil((flags.runs - flags.shard.index + 1) / flags.shard.count);
  const progress = progressFor(planned, io.stderr, flags.progress !== false && flags.json !== true);
  const silenceMs = flags.hangTimeout * 1000;
  const result = await runners.check(job, silenceMs, (done) => progress.update(done)).finally(() => progress.stop());
  // The module is imported here only now that it has loaded and run on the watched thread: an import
  // that loops forever or ends the process was caught there, in one line.
  const loaded = await loadAlgorithm(job.algorithm, job.cwd, '--algorithm', { typecheck: false });
  const junit = () => {
    if (flags.junit !== undefined) writeReport(flags.junit, junitReport(result, loaded.algorithm.name, properties), '--junit');
  };
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
  if (result.status !== 'violated') {
    junit();
    if (flags.json === true) io.out(JSON.stringify({ status: result.status, ...summary }));
    else {
      const verdict =
        result.status === 'passed'
          ? `passed: ${result.runs} runs`
          : `time limit reached, nothing found in ${result.runs} of ${flags.runs} runs`;
      io.out(`${verdict}, ${result.steps} steps, ${result.elapsedMs} ms, seed ${seed}\nreplay: ${replay}`);
    }
    return result.status === 'passed' ? exitCodes.passed : exitCodes.limit;
  }
  // The confirmation, if asked for, is watched as the check was.
  const confirmation =
    confirmLimits === null
      ? null
      : { limits: confirmLimits, spec: job, run: (confirmJob: ConfirmJob) => runners.confirm(confirmJob, silenceMs) };
  return reportViolation(result, loaded, { presetName, seed, replay, flags, summary, confirmation, junit }, io);
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
    /** Writes the JUnit report, if asked for: after the counterexample is stored, so that it cannot cost the finding. */
    junit: () => void;
  },
  io: Io,
): Promise<number> {
  const { counterexample, shrink } = result;
  // The module is recorded relative to the counterexample's folder, so the file works on any machine.
  const algorithm = {
    module: loaded.module === null ? null : relative(context.flags.out, loaded.module).split(sep).join('/'),
    sourceHash: sourceHashOf(loaded.module),
  };
  const record = counterexampleRecord(counterexample, algorithm, {
    tool: `stormcheck ${versions.stormcheck}`,
    fastCheck: versions.fastCheck,
    preset: context.presetName,
    seed: context.seed,
    runs: context.flags.runs,
    fastCheckPath: `${result.fastCheckSeed}:${result.fastCheckPath}`,
    shrunkFrom: shrink.fastCheckLength,
  });
  // Replayed before it is stored: a counterexample that does not replay is not one (nondeterminism).
  const outcome = replayCounterexample(record, loaded.algorithm, null);
  const replayProblem = notReplayed(record, outcome);
  if (replayProblem !== null) throw new InputError(replayProblem);
  const stored = store(context.flags.out, record, io);
  reportAfterStore(context.junit, io);
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
    io.out(renderText(record, outcome));
    if (stored !== null) {
      io.out(
        `\n${stored.written ? 'wrote' : 'already stored'} ${stored.path} (shrunk from ${shrink.fastCheckLength} to ${shrink.finalLength} events)`,
      );
      io.out(`replay: npx stormcheck replay ${shellQuoted(stored.path)}`);
    } else io.out(`\nnot stored (shrunk from ${shrink.fastCheckLength} to ${shrink.finalLength} events): the events are above`);
    io.out(`search again: ${context.replay}`);
    // The text report comes first, so that the counterexample and its file are on the screen while
    // the search runs, and stay there if the search is ended as hung.
    const confirmed = await confirm();
    if (confirmed !== null) io.out(confirmed.lines.join('\n'));
  }
  if (!contractBroken) return exitCodes.violated;
  io.err(`stormcheck: algorithm ${loaded.algorithm.name} broke the interface contract: ${counterexample.message}`);
  return exitCodes.input;
}

/**
 * Stores the counterexample, or says in one line why it could not be, and returns null: the caller
 * still prints it, so the finding is on stdout whatever happened to the folder since it was checked.
 */
function store(out: string, record: CounterexampleFile, io: Io): Stored | null {
  try {
    return storeCounterexample(out, record);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    io.err(`stormcheck: --out: cannot store the counterexample in ${out}: ${reason}; it is printed on stdout`);
    return null;
  }
}

/** The reports that come after the counterexample (JUnit): a failure is one line, and the finding stands. */
function reportAfterStore(write: () => void, io: Io): void {
  try {
    write();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.err(`stormcheck: ${error.message}`);
  }
}

/** Why a replay of the record in this thread differs from the search's finding, or null when it is the same. */
function notReplayed(record: CounterexampleFile, outcome: ReplayOutcome): string | null {
  const { step, message } = record.violation;
  if (outcome.verdict === 'violates' && outcome.step === step && outcome.message === message) return null;
  const now = outcome.verdict === 'holds' ? 'the property holds over the whole trace' : `step ${outcome.step}: ${outcome.message}`;
  return `algorithm ${record.algorithm.name} is not deterministic: its counterexample (${record.property}, step ${step}: ${message}) replays to ${now} (does it read a clock, Math.random, or keep state outside its memory?)`;
}

/** A path as a shell word, so the printed command can be pasted whatever the path holds. */
function shellQuoted(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
