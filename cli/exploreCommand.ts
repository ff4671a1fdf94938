import { relative, sep } from 'node:path';
import { counterexampleRecord } from '../corpus/record.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { explorerProvenance, type SupernodeResult, toCounterexample } from '../explorer/index.ts';
import { sourceHashOf } from '../io/algorithmSource.ts';
import { exitCodes } from '../io/inputError.ts';
import { checkWritableFile } from '../io/writableFolder.ts';
import type { EventKind } from '../model/index.ts';
import { renderText } from '../report/renderText.ts';
import { locateJob, resolveJob } from './checkJob.ts';
import { reportToCi } from './ciReports.ts';
import type { Io } from './context.ts';
import type { ExploreJob } from './exploreJob.ts';
import { exploreSuite, type FailureDetail } from './junit.ts';
import { type ExploreRunner, exploreInWorker } from './runInWorker.ts';
import { prepareOut, reportAfterStore, store } from './storeFinding.ts';

export interface ExploreFlags {
  readonly algorithm: string;
  /** Search from the cold start, not from the settled network. */
  readonly coldStart?: boolean;
  readonly preset: string;
  readonly property?: string[];
  /** An explicit cap on the depth; without it the search deepens until the time limit or the fixpoint. */
  readonly depthMax?: number;
  readonly statesMax?: number;
  /** Seconds of search: the budget the search deepens within (`exploreTimeLimitDefault` unless given). */
  readonly timeLimit?: number;
  /** False with `--no-progress`: no progress line on a terminal. */
  readonly progress?: boolean;
  readonly symmetry?: boolean;
  readonly events?: readonly EventKind[];
  readonly spikes?: readonly number[];
  /** Threads that expand each level and check its quiet suffixes (explorer/searchWorkers.ts); 1 does both in the search's own thread. */
  readonly workers?: number;
  readonly out: string;
  readonly json?: boolean;
  /** Also write a JUnit report here. */
  readonly junit?: string;
  /** Seconds without a sign of life from the search before it is ended as hung (exit 2). */
  readonly hangTimeout: number;
}

/** Seconds a search deepens for unless `--time-limit` says otherwise. */
export const exploreTimeLimitDefault = 60;

/**
 * What a search established, as the status the JSON reports and the text says: every reachable
 * state (`fixpoint`), every path to the deepest complete level within the budget or the depth cap
 * (`depthComplete`), a violation, or a state or memory limit that stopped it (`limitReached`, exit 3).
 */
export type ExploreStatus = 'fixpoint' | 'depthComplete' | 'violated' | 'limitReached';

export function exploreStatus(result: SupernodeResult): ExploreStatus {
  if (result.status === 'passed') return 'fixpoint';
  if (result.status === 'violated') return 'violated';
  return result.limit === 'depth' || result.limit === 'time' ? 'depthComplete' : 'limitReached';
}

function describeStats(result: SupernodeResult): string {
  const rate = Math.round(result.statesPerSecond);
  return `${result.distinctStates} distinct states, ${result.transitions} transitions, depth ${result.depth}, ${Math.round(result.elapsedMs)} ms (${rate} states/s, ${result.bytesPerState.toFixed(1)} bytes/state)`;
}

/**
 * The verdict in one line, naming the algorithm and the network (`on`) and, in `over`, a narrowed
 * alphabet (`--events`, `--spikes`), which every claim is then about.
 */
function verdictLine(result: SupernodeResult, on: string, over: string): string {
  const status = exploreStatus(result);
  if (status === 'fixpoint') return `every reachable state: ${result.distinctStates} states, all properties hold (${on}${over})`;
  if (result.status === 'violated')
    return `violated: ${result.property} after ${result.trace.length + result.continuation.length} events (${on}; shortest${over})`;
  const deepest = `every interleaving of up to ${result.depth} disruption events${over} and every random choice`;
  if (status === 'depthComplete') {
    const why = result.status === 'limitReached' && result.limit === 'time' ? 'the time limit' : '--depth-max';
    return `depth ${result.depth} complete: ${deepest} holds (${on}); ${why} stopped the search there, deeper ones were not explored`;
  }
  return `${result.status === 'limitReached' ? result.limit : ''} limit reached: ${deepest} holds (${on}); deeper ones were not explored`;
}

/** A progress line on a terminal, rewritten a few times a second: the depth being searched and the time so far. */
function progressLine(io: Io, enabled: boolean): { onDepth?: (depth: number) => void; stop(): void } {
  const stream = io.stderr;
  if (!enabled || !stream.isTTY) return { stop: () => {} };
  const started = Date.now();
  let shown = 0;
  return {
    onDepth: (depth) => {
      const now = Date.now();
      if (now - shown < 250) return;
      shown = now;
      stream.write(`\rexploring depth ${depth} · ${Math.round((now - started) / 1000)} s`);
    },
    stop: () => {
      if (shown > 0) stream.write('\r\x1b[K');
    },
  };
}

function alphabetWords(flags: ExploreFlags): string {
  const parts = [
    ...(flags.events === undefined ? [] : [flags.events.join(', ')]),
    ...(flags.spikes === undefined ? [] : [`spikes to ${flags.spikes.map((p) => `${p}%`).join(', ')}`]),
  ];
  return parts.length === 0 ? '' : ` over ${parts.join('; ')}`;
}

/**
 * `stormcheck explore`: breadth-first search over every interleaving of events and every random
 * choice, level by level, until the reachable space is exhausted (a proof of the whole
 * configuration), `--time-limit` (60 s by default) or an explicit `--depth-max`; each state is
 * followed by every branch of its quiet phase. It reports the deepest complete level. A violation is a shortest counterexample, stored and
 * rendered like one from `check`. `--events` and `--spikes` narrow or change the alphabet, and a
 * shortest trace is then shortest among traces over it. `--workers` expands levels and checks quiet
 * suffixes on threads and changes nothing but the time. The search runs on a watched worker thread, as a check does: an algorithm
 * that stops returning ends it with exit 2 after `--hang-timeout` seconds. Exit 0 when everything
 * held, to the fixpoint or to the deepest level the budget (time limit, depth cap) completed; 1 on
 * a violation; 3 when the state or memory limit stopped the search first.
 */
export async function exploreCommand(flags: ExploreFlags, io: Io, runner: ExploreRunner = exploreInWorker): Promise<number> {
  const job: ExploreJob = {
    algorithm: flags.algorithm,
    preset: flags.preset,
    properties: flags.property ?? [],
    cwd: process.cwd(),
    depthMax: flags.depthMax ?? null,
    statesMax: flags.statesMax ?? null,
    timeMaxMs: (flags.timeLimit ?? exploreTimeLimitDefault) * 1000,
    symmetry: flags.symmetry === true,
    ...(flags.coldStart === true ? { start: 'cold' as const } : {}),
    workers: flags.workers ?? 1,
    eventKinds: flags.events ?? null,
    usagePercents: flags.spikes ?? null,
  };
  // Checked here before any thread starts, running nothing of the algorithm: a bad flag, and a folder
  // a finding could not be stored in or a report written to.
  locateJob(job);
  prepareOut(flags.out, io);
  if (flags.junit !== undefined) checkWritableFile(flags.junit, '--junit');
  const progress = progressLine(io, flags.progress !== false && flags.json !== true);
  const result = await runner(job, flags.hangTimeout * 1000, progress.onDepth).finally(() => progress.stop());
  // Loaded here only once it has loaded on the watched thread, where an import that loops or exits
  // ends in one line: the violation the worker found is decoded and stored in this thread.
  const { presetName, preset, loaded, properties } = await resolveJob(job, { typecheck: false });
  const system = { config: preset.config, algorithm: loaded.algorithm };
  const over = alphabetWords(flags);
  const on = `${loaded.algorithm.name} on ${presetName}`;
  const status = exploreStatus(result);
  const summary = {
    status,
    algorithm: loaded.algorithm.name,
    preset: presetName,
    ...(flags.events === undefined ? {} : { eventKinds: flags.events }),
    ...(flags.spikes === undefined ? {} : { usagePercents: flags.spikes }),
    ...statsOf(result),
  };
  const label = {
    command: 'explore',
    algorithm: loaded.algorithm.name,
    preset: presetName,
    detail: `${flags.depthMax === undefined ? `${flags.timeLimit ?? exploreTimeLimitDefault} s` : `depth ${flags.depthMax}`}${over}`,
  } as const;
  const ci = { label, module: loaded.module, suite: (failure: FailureDetail | null) => exploreSuite(label, result, properties, failure) };
  if (result.status !== 'violated') {
    reportToCi(flags, { ...ci, status: result.status, verdict: verdictLine(result, on, over), stored: null }, io);
    if (flags.json === true) io.out(JSON.stringify({ ...summary, ...(result.status === 'limitReached' ? { limit: result.limit } : {}) }));
    else io.out(`${verdictLine(result, on, over)}\n${describeStats(result)}`);
    return status === 'limitReached' ? exitCodes.limit : exitCodes.passed;
  }
  const counterexample = toCounterexample(system, result, job.start);
  const record = counterexampleRecord(
    counterexample,
    // Relative to the corpus folder, as check records it, so that the file replays on any machine.
    {
      module: loaded.module === null ? null : relative(flags.out, loaded.module).split(sep).join('/'),
      sourceHash: sourceHashOf(loaded.module),
    },
    explorerProvenance(presetName, system, result),
  );
  // A failure to store is one line, and the counterexample is still printed (storeFinding.ts); the
  // CI reports come after it, and a failure to write them is one line too.
  const stored = store(flags.out, record, io);
  const outcome = replayCounterexample(record, loaded.algorithm, null);
  const found = { record, outcome, path: stored?.path ?? null };
  reportAfterStore(() => reportToCi(flags, { ...ci, status: 'violated', verdict: verdictLine(result, on, over), stored: found }, io), io);
  if (flags.json === true) {
    io.out(
      JSON.stringify({
        ...summary,
        counterexample: {
          file: stored?.path ?? null,
          property: counterexample.property,
          step: counterexample.step,
          events: counterexample.events,
        },
      }),
    );
  } else {
    io.out(renderText(record, outcome));
    io.out(
      `\n${verdictLine(result, on, over)}\n${describeStats(result)}\n${stored === null ? 'not stored' : `${stored.written ? 'wrote' : 'already stored'} ${stored.path}`}`,
    );
  }
  return exitCodes.violated;
}

function statsOf(result: SupernodeResult) {
  const { distinctStates, transitions, depth, elapsedMs, statesPerSecond, bytesPerState } = result;
  return {
    distinctStates,
    transitions,
    depth,
    elapsedMs: Math.round(elapsedMs),
    statesPerSecond: Math.round(statesPerSecond),
    bytesPerState,
  };
}
