import { type CheckOptions, check, NondeterministicAlgorithm } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import { withHeartbeat } from '../io/heartbeat.ts';
import { loadAlgorithm } from '../io/loadAlgorithm.ts';
import type { AllocationAlgorithm, Preset } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { propertyNamed } from '../properties/registry.ts';
import { runTrace } from '../properties/run.ts';
import { selected } from './checkJob.ts';
import { nondeterministic } from './determinism.ts';
import { loadPreset } from './parse.ts';

/**
 * One preset of `stormcheck diff` as plain data, like `CheckJob`, so that it runs on the watched
 * worker thread (runInWorker.ts): both versions are imported and played there, never on the
 * command's own thread, and a version that loops at import or in a call ends in one line.
 */
export interface DiffJob {
  /** The base as the user named it (a path, or the module `--base-ref` wrote), and the flag that named it. */
  readonly base: { readonly spec: string; readonly what: '--base' | '--base-ref' };
  readonly head: string;
  readonly preset: string;
  readonly properties: readonly string[];
  readonly runs: number;
  readonly seed: number;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}

type Violated = Extract<CheckResult, { status: 'violated' }>;

/**
 * The first run of the preset in which the head alone breaks a property, shrunk, and the later runs
 * that break the same property (by the property each run broke before shrinking), counted with it.
 */
export interface DiffRegression {
  readonly run: number;
  readonly shrunk: Violated;
  /** What the base does on the head's shrunk trace (`holds` makes it a witness on its own). */
  readonly baseOnShrunk: 'holds' | 'violates';
  readonly moreRuns: number[];
}

/** What a preset's diff gives, as plain data; the runs both survive are only counted. */
export interface Diffed {
  readonly names: { readonly base: string; readonly head: string };
  readonly presetName: string;
  readonly regressions: readonly DiffRegression[];
  readonly fixes: readonly { readonly run: number; readonly property: string }[];
  readonly bothBreak: readonly { readonly run: number; readonly base: string; readonly head: string }[];
  readonly bothHold: number;
}

/**
 * One run of a check's budget, alone: shard r+1 of `runs` holds exactly run r, with the seed, and
 * so the network and events, that run has in the whole budget. Unshrunk unless told.
 */
function oneRun(
  algorithm: AllocationAlgorithm,
  preset: Preset,
  properties: readonly Property[],
  run: number,
  job: DiffJob,
  shrink: CheckOptions['shrink'] = 'none',
): Violated | null {
  const shard = { index: run + 1, count: job.runs };
  const result = check({ algorithm, preset, properties, runs: job.runs, seed: job.seed, shard, shrink });
  return result.status === 'violated' ? result : null;
}

/** Whether `algorithm` breaks the counterexample's property on its trace. */
function verdictOn(algorithm: AllocationAlgorithm, found: Violated): 'holds' | 'violates' {
  const { config, events, settleTicks, property } = found.counterexample;
  const named = propertyNamed(property);
  if (named === undefined) throw new Error(`stormcheck internal error: the check reported unknown property ${property}`);
  return runTrace({ config, algorithm }, events, [named], settleTicks).failure === null ? 'holds' : 'violates';
}

/**
 * Plays every run of the budget on both versions, base first; `onRun(2r)` before the base's run r
 * and `onRun(2r + 1)` before the head's, so that the watchdog can say which version stopped. The
 * command has located both versions and type-checked their modules already. A failing run is
 * shrunk only when it is the preset's first regression of its property: a version that breaks most
 * runs would otherwise shrink every one of them, and their shrunk traces are, by the identity the
 * corpus files by, mostly one and the same.
 */
export async function runDiff(job: DiffJob, onRun?: (at: number) => void, beat?: () => void): Promise<Diffed> {
  const { name: presetName, preset } = loadPreset(job.preset);
  const properties = selected(job.properties);
  const load = async (spec: string, what: string) => {
    const { algorithm } = await loadAlgorithm(spec, job.cwd, what, { typecheck: false });
    return beat === undefined ? algorithm : withHeartbeat(algorithm, beat);
  };
  const base = await load(job.base.spec, job.base.what);
  const head = await load(job.head, '--head');
  const regressions: DiffRegression[] = [];
  const fixes: { run: number; property: string }[] = [];
  const bothBreak: { run: number; base: string; head: string }[] = [];
  // Each property's regression on this preset, by the property the head's run broke before shrinking.
  const firstOf = new Map<string, DiffRegression>();
  let bothHold = 0;
  for (let run = 0; run < job.runs; run++) {
    onRun?.(2 * run);
    const was = oneRun(base, preset, properties, run, job)?.counterexample.property ?? null;
    onRun?.(2 * run + 1);
    const now = oneRun(head, preset, properties, run, job)?.counterexample.property ?? null;
    if (was !== null && now !== null) bothBreak.push({ run, base: was, head: now });
    else if (was !== null) fixes.push({ run, property: was });
    else if (now === null) bothHold++;
    else {
      const first = firstOf.get(now);
      if (first !== undefined) {
        first.moreRuns.push(run);
        continue;
      }
      // Played again, shrunk this time: the run is a function of its seed, so it breaks again.
      const shrunk = oneRun(head, preset, properties, run, job, 'full');
      if (shrunk === null)
        throw new NondeterministicAlgorithm(
          nondeterministic(head.name, `run ${run} of seed ${job.seed} broke ${now}, and held when played again`),
        );
      const regression = { run, shrunk, baseOnShrunk: verdictOn(base, shrunk), moreRuns: [] };
      firstOf.set(now, regression);
      regressions.push(regression);
    }
  }
  return { names: { base: base.name, head: head.name }, presetName, regressions, fixes, bothBreak, bothHold };
}
