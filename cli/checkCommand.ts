import { renameSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Shard } from '../checker/check.ts';
import { checkCommandLine } from '../checker/checkCommandLine.ts';
import type { CheckResult } from '../checker/result.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { storeCounterexample } from '../corpus/store.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { exitCodes } from '../io/inputError.ts';
import type { LoadedAlgorithm } from '../io/loadAlgorithm.ts';
import { renderText } from '../report/renderText.ts';
import { type CheckJob, resolveJob } from './checkJob.ts';
import { type Io, versions } from './context.ts';
import { junitReport } from './junit.ts';
import { progressFor } from './progress.ts';
import { type CheckRunner, runInWorker } from './runInWorker.ts';

export interface CheckFlags {
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
  readonly runTimeout: number;
  readonly progress?: boolean;
}

/** A fresh seed when none is given; printed with every result, so any run can be repeated. */
function freshSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

export async function checkCommand(flags: CheckFlags, io: Io, runner: CheckRunner = runInWorker): Promise<number> {
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
  const result = await runner(job, flags.runTimeout * 1000, (done) => progress.update(done)).finally(() => progress.stop());
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
  if (flags.junit !== undefined) writeReplacing(flags.junit, junitReport(result, loaded.algorithm.name, properties));
  if (result.status !== 'violated') {
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
  return reportViolation(result, loaded, { presetName, seed, replay, flags, summary }, io);
}

function reportViolation(
  result: Extract<CheckResult, { status: 'violated' }>,
  loaded: LoadedAlgorithm,
  context: { presetName: string; seed: number; replay: string; flags: CheckFlags; summary: object },
  io: Io,
): number {
  const { counterexample, shrink } = result;
  const record = counterexampleRecord(
    counterexample,
    // The module is recorded relative to the counterexample's folder, so the file works on any machine.
    {
      module: loaded.module === null ? null : relative(context.flags.out, loaded.module).split(sep).join('/'),
      sourceHash: sourceHashOf(loaded.module),
    },
    {
      tool: `stormcheck ${versions.stormcheck}`,
      fastCheck: versions.fastCheck,
      preset: context.presetName,
      seed: context.seed,
      runs: context.flags.runs,
      fastCheckPath: `${result.fastCheckSeed}:${result.fastCheckPath}`,
      shrunkFrom: shrink.fastCheckLength,
    },
  );
  const stored = storeCounterexample(context.flags.out, record);
  const contractBroken = counterexample.property === 'contract';
  if (context.flags.json === true) {
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
      }),
    );
  } else {
    const outcome = replayCounterexample(record, loaded.algorithm, null);
    io.out(renderText(record, outcome));
    io.out(
      `\n${stored.written ? 'wrote' : 'already stored'} ${stored.path} (shrunk from ${shrink.fastCheckLength} to ${shrink.finalLength} events)`,
    );
    io.out(`replay: npx stormcheck replay ${shellQuoted(stored.path)}\nsearch again: ${context.replay}`);
  }
  if (!contractBroken) return exitCodes.violated;
  io.err(`stormcheck: algorithm ${loaded.algorithm.name} broke the interface contract: ${counterexample.message}`);
  return exitCodes.input;
}

/** Reports other than counterexamples may be replaced, but never left half-written. */
function writeReplacing(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** A path as a shell word, so the printed command can be pasted whatever the path holds. */
function shellQuoted(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
