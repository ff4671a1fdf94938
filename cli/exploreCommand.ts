import { counterexampleRecord } from '../corpus/record.ts';
import { storedWording } from '../corpus/store.ts';
import { choicesMaxDefault, explorerProvenance, type SupernodeResult } from '../explorer/index.ts';
import { exitCodes } from '../io/inputError.ts';
import { checkWritableFile } from '../io/writableFolder.ts';
import type { EventKind, System } from '../model/index.ts';
import { renderText } from '../report/renderText.ts';
import { locateJob } from './checkJob.ts';
import { reportToCi } from './ciReports.ts';
import type { Io } from './context.ts';
import type { ExploreJob } from './exploreJob.ts';
import { exploreSuite, type FailureDetail } from './junit.ts';
import { onWorkers, type Runners } from './runInWorker.ts';
import { findingExit, prepareOut, replayFinding, reportAfterStore, store } from './storeFinding.ts';
import { recordedAlgorithm } from './violationRecord.ts';

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
  /** Threads that check each level's quiet suffixes (explorer/searchWorkers.ts); 1 checks them in the search's own thread. */
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
  if (result.status === 'limitReached' && result.limit === 'choices')
    return `choices limit reached: a step at depth ${result.depth + 1} has more than ${choicesMaxDefault.toLocaleString('en-US')} resolutions of its random choices to enumerate; ${deepest} holds (${on}); deeper ones were not explored`;
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
 * shortest trace is then shortest among traces over it. `--workers` checks quiet suffixes on
 * threads and changes nothing but the time. The search runs on a watched worker thread, as a check does: an algorithm
 * that stops returning ends it with exit 2 after `--hang-timeout` seconds. Exit 0 when everything
 * held, to the fixpoint or to the deepest level the budget (time limit, depth cap) completed; 1 on
 * a violation; 3 when the state or memory limit stopped the search first; 2, with one line, when
 * the algorithm broke the interface contract (the counterexample is stored).
 */
export async function exploreCommand(
  flags: ExploreFlags,
  io: Io,
  runners: Pick<Runners, 'explore' | 'replay'> = onWorkers,
): Promise<number> {
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
  const { presetName, preset, properties, located } = locateJob(job);
  prepareOut(flags.out, io);
  if (flags.junit !== undefined) checkWritableFile(flags.junit, '--junit');
  const silenceMs = flags.hangTimeout * 1000;
  // The module is never imported on this thread, as with check: an import that loops, throws or ends
  // the process is caught on the watched one, and what the algorithm decides is contained there. Its
  // name and, on a violation, the counterexample come back as plain data.
  const progress = progressLine(io, flags.progress !== false && flags.json !== true);
  const { result, algorithmName, counterexample } = await runners.explore(job, silenceMs, progress.onDepth).finally(() => progress.stop());
  const over = alphabetWords(flags);
  const on = `${algorithmName} on ${presetName}`;
  const status = exploreStatus(result);
  const summary = {
    status,
    algorithm: algorithmName,
    preset: presetName,
    ...(flags.events === undefined ? {} : { eventKinds: flags.events }),
    ...(flags.spikes === undefined ? {} : { usagePercents: flags.spikes }),
    ...statsOf(result),
  };
  const label = {
    command: 'explore',
    algorithm: algorithmName,
    preset: presetName,
    detail: `${flags.depthMax === undefined ? `${flags.timeLimit ?? exploreTimeLimitDefault} s` : `depth ${flags.depthMax}`}${over}`,
  } as const;
  const ci = { label, module: located.module, suite: (failure: FailureDetail | null) => exploreSuite(label, result, properties, failure) };
  if (result.status !== 'violated' || counterexample === null) {
    reportToCi(flags, { ...ci, status: result.status, verdict: verdictLine(result, on, over), stored: null }, io);
    if (flags.json === true) io.out(JSON.stringify({ ...summary, ...(result.status === 'limitReached' ? { limit: result.limit } : {}) }));
    else io.out(`${verdictLine(result, on, over)}\n${describeStats(result)}`);
    return status === 'limitReached' ? exitCodes.limit : exitCodes.passed;
  }
  const record = counterexampleRecord(
    counterexample,
    recordedAlgorithm(located.module, flags.out),
    // The provenance reads the network alone.
    explorerProvenance(presetName, { config: preset.config } as System, result),
  );
  // Replayed on a fresh watched thread before it is stored, as check's finding is (storeFinding.ts); a
  // failure to store is one line, and the counterexample is still printed; the CI reports come after.
  const { outcome } = await replayFinding(record, job, (replayJob) => runners.replay(replayJob, silenceMs));
  const stored = store(flags.out, record, io);
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
    io.out(renderText(record, outcome, { fresh: true }));
    io.out(`\n${verdictLine(result, on, over)}\n${describeStats(result)}\n${stored === null ? 'not stored' : storedWording(stored)}`);
  }
  return findingExit(counterexample, algorithmName, io);
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
