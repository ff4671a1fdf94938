import { dirname, isAbsolute, resolve } from 'node:path';
import { algorithmNamed } from '../algorithms/index.ts';
import { identityMismatch, loadCounterexample } from '../corpus/load.ts';
import { type ReplayOutcome, replayCounterexample } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { withHeartbeat } from '../io/heartbeat.ts';
import { InputError } from '../io/inputError.ts';
import { type LoadedAlgorithm, loadAlgorithm } from '../io/loadAlgorithm.ts';
import { clipped } from '../io/printable.ts';
import { firstDivergence } from './determinism.ts';
import { differs, notReplayed } from './storeFinding.ts';

/**
 * A replay as plain data, like `CheckJob`, so that it can run on the watched worker thread
 * (runInWorker.ts): an algorithm that loops at import or in a call ends in one line there.
 */
export interface ReplayJob {
  /** The file to replay, or what `record` is, for messages. */
  readonly path: string;
  /** A record to replay instead of a file: `check`'s finding, replayed on a fresh thread before it is stored. */
  readonly record?: CounterexampleFile;
  /** `--algorithm`: the algorithm to replay with instead of the recorded one. */
  readonly algorithm: string | null;
  /** `--trust-module`: import the module the file names. */
  readonly trustModule: boolean;
  /** `--accept-edits`: replay a file whose content no longer matches the hash in its name. */
  readonly acceptEdits: boolean;
  /** The directory `--algorithm`'s path is relative to. */
  readonly cwd: string;
}

/** What a replay gives, as plain data: the file, the algorithm's name and the outcome with its states. */
export interface Replayed {
  readonly record: CounterexampleFile;
  readonly algorithm: string;
  readonly outcome: ReplayOutcome;
}

/** The module a file names, resolved against the file's folder as the recording did. */
export function storedModule(path: string, record: CounterexampleFile): string | null {
  const module = record.algorithm.module;
  if (module === null) return null;
  return isAbsolute(module) ? module : resolve(dirname(path), module);
}

/**
 * Why replaying the file as it stands would run code the file names, or null when it would not:
 * a counterexample comes from anyone (a pull request), and opening one must never run its author's
 * code. The user names the algorithm (`--algorithm`) or opts in (`--trust-module`).
 */
export function untrustedModule(job: Pick<ReplayJob, 'path' | 'algorithm' | 'trustModule'>, record: CounterexampleFile): string | null {
  const module = storedModule(job.path, record);
  if (job.algorithm !== null || job.trustModule || module === null) return null;
  return `${job.path}: field algorithm.module: the file names the module ${clipped(module, 200)}, which is not run unless you ask: --trust-module imports it, --algorithm <name|path> replays with one you name`;
}

/** The algorithm a replay runs: the one named on the command line, the built-in of the recorded name, or the trusted module. */
async function algorithmOf(job: ReplayJob, record: CounterexampleFile): Promise<LoadedAlgorithm> {
  // Located and type-checked by the command already.
  if (job.algorithm !== null) return loadAlgorithm(job.algorithm, job.cwd, '--algorithm', { typecheck: false });
  const untrusted = untrustedModule(job, record);
  if (untrusted !== null) throw new InputError(untrusted);
  const module = storedModule(job.path, record);
  if (module !== null) return loadAlgorithm(module, dirname(job.path), `${job.path}: field algorithm.module`);
  // By name only: a recorded name that looks like a path must not become one.
  const builtIn = algorithmNamed(record.algorithm.name);
  if (builtIn === undefined) {
    throw new InputError(
      `${job.path}: field algorithm.name: no built-in algorithm '${clipped(record.algorithm.name)}', and the file names no module`,
    );
  }
  return { algorithm: builtIn, module: null };
}

/**
 * Loads the file and its algorithm, and folds `step` over the events. Every user error is an
 * InputError. `onHeartbeat`, on the worker thread, is called from inside the replay (heartbeat.ts).
 */
export async function runReplay(job: ReplayJob, onHeartbeat?: () => void): Promise<Replayed> {
  const record = job.record ?? loadCounterexample(job.path, { acceptEdits: job.acceptEdits });
  const loaded = await algorithmOf(job, record);
  const algorithm = onHeartbeat === undefined ? loaded.algorithm : withHeartbeat(loaded.algorithm, onHeartbeat);
  const edited = job.record === undefined && identityMismatch(job.path, record) !== null;
  const outcome = replayCounterexample(record, algorithm, sourceHashOf(loaded.module), edited);
  if (job.record !== undefined) {
    // A finding, before it is stored: replayed again (determinism.ts), and every decision compared, so
    // that an algorithm whose decisions differ is caught even when the verdict comes out the same.
    const divergence = firstDivergence(loaded.algorithm, (a) => replayCounterexample(record, a, null), onHeartbeat);
    const problem = notReplayed(record, outcome, divergence);
    if (problem !== null) throw new InputError(problem);
    if (divergence !== null) throw new InputError(differs(record, divergence));
  }
  return { record, algorithm: loaded.algorithm.name, outcome };
}
