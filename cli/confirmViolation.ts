import type { Counterexample } from '../checker/result.ts';
import { counterexampleRecord } from '../corpus/record.ts';
import { type Stored, storeCounterexample, storedWording } from '../corpus/store.ts';
import { type Confirmation, explorerProvenance } from '../explorer/index.ts';
import { InputError } from '../io/inputError.ts';
import type { Config, System } from '../model/index.ts';
import type { SystemSpec } from './checkJob.ts';
import type { ConfirmJob, ConfirmJobLimits } from './confirmJob.ts';
import { versions } from './context.ts';
import type { RecordedAlgorithm } from './violationRecord.ts';

/** The flags of `check --confirm-shortest`. */
export interface ConfirmFlags {
  readonly confirmShortest?: boolean;
  readonly confirmStatesMax?: number;
  /** Seconds. */
  readonly confirmTimeLimit?: number;
}

/**
 * Limits that end a confirmation on any preset. On `tiny` the built-in bugs' shrunk traces are
 * confirmed within 70,000 states, in seconds. On `default` a level holds far more states than that:
 * skype-2007's 33-event trace (seed 1, 200 runs) stopped at the state limit at depth 4 after 21 s,
 * the whole command at 340 MB resident, so the state limit is what keeps memory bounded there.
 */
export const confirmDefaults = { statesMax: 200_000, timeLimitSeconds: 60 } as const;

/** The search's limits, or null without `--confirm-shortest`; a limit given without it is a user error. */
export function confirmLimitsOf(flags: ConfirmFlags): ConfirmJobLimits | null {
  if (flags.confirmShortest !== true) {
    const stray =
      flags.confirmStatesMax !== undefined ? '--confirm-states-max' : flags.confirmTimeLimit !== undefined ? '--confirm-time-limit' : null;
    if (stray !== null) throw new InputError(`${stray}: limits the search of --confirm-shortest, which is not given`);
    return null;
  }
  return {
    statesMax: flags.confirmStatesMax ?? confirmDefaults.statesMax,
    timeMaxMs: (flags.confirmTimeLimit ?? confirmDefaults.timeLimitSeconds) * 1000,
  };
}

/** What the command prints: text lines, and the fields of `--json`'s `confirmation` object. */
export interface ConfirmReport {
  readonly lines: readonly string[];
  readonly json: Record<string, unknown>;
}

export interface ConfirmContext {
  readonly presetName: string;
  readonly out: string;
  readonly limits: ConfirmJobLimits;
  /** The algorithm as the user named it, and the directory a path to its module is relative to. */
  readonly spec: Pick<SystemSpec, 'algorithm' | 'cwd'>;
  /** The algorithm as a counterexample file records it (its module relative to `out`). */
  readonly algorithm: RecordedAlgorithm;
  /** Runs the search: for the command line, on a watched worker thread (runInWorker.ts). */
  readonly run: (job: ConfirmJob) => Promise<Confirmation>;
}

/**
 * Runs the bounded search of explorer/confirmShortest.ts on the counterexample `check` found, on its
 * own network (`config`, the counterexample's), and stores a shorter counterexample it finds
 * beside the first (never overwriting one). The search calls the algorithm in states the check never
 * reached, so it runs as a job of its own on the watched worker thread, as the check did: a call
 * that never returns there ends the command in one line with exit 2 (`--hang-timeout`), where it
 * would hang this thread. Only its result comes back, as plain data; the counterexample it found is
 * stored, and the report made, here.
 */
export async function confirmViolation(config: Config, counterexample: Counterexample, context: ConfirmContext): Promise<ConfirmReport> {
  const { spec, limits } = context;
  // Field by field, so that nothing but plain data is handed to the worker.
  const confirmation = await context.run({
    algorithm: spec.algorithm,
    cwd: spec.cwd,
    counterexample: {
      config: counterexample.config,
      events: counterexample.events,
      property: counterexample.property,
      settleTicks: counterexample.settleTicks,
    },
    limits: { statesMax: limits.statesMax, timeMaxMs: limits.timeMaxMs },
  });
  const stored = 'found' in confirmation ? store(config, confirmation, context) : null;
  return { lines: linesOf(confirmation, config.name, stored), json: jsonOf(confirmation, stored) };
}

type Found = Extract<Confirmation, { readonly found: unknown }>;

function store(config: Config, confirmation: Found, context: ConfirmContext): Stored {
  // The algorithm is never loaded on this thread (checkCommand.ts); the provenance reads the network alone.
  const provenance = explorerProvenance(context.presetName, { config } as System, confirmation.found);
  const tool = `stormcheck ${versions.stormcheck} check --confirm-shortest (breadth-first, depth ${confirmation.found.depth})`;
  const record = counterexampleRecord(confirmation.counterexample, context.algorithm, { ...provenance, tool });
  return storeCounterexample(context.out, record);
}

/** A verdict line, then what was searched, then where a shorter counterexample went. */
function linesOf(c: Confirmation, network: string, stored: Stored | null): string[] {
  const k = c.disruptionEvents;
  if (c.verdict === 'unrepresentable') return [`not confirmed: ${c.reason}`];
  const searched = `  alphabet of ${c.alphabetSize} events incl. the trace's own; ${c.stats.distinctStates} states searched, ${Math.round(c.stats.elapsedMs)} ms`;
  const where = stored === null ? [] : [storedWording(stored)];
  switch (c.verdict) {
    case 'shortest':
      return [
        `shortest: no trace with fewer than ${k} disruption events (events before quiet) breaks ${c.property} on ${network}`,
        searched,
      ];
    case 'improved':
      return [
        `improved: the explorer found a trace with ${c.found.trace.length} < ${k} disruption events that breaks ${c.property} on ${network} (${c.counterexample.events.length} events in all)`,
        searched,
        ...where,
      ];
    case 'contractBroken':
      return [
        `contract: the explorer found ${c.counterexample.algorithm} breaking the interface contract after ${c.found.trace.length} < ${k} disruption events, before any trace that short breaks ${c.property}`,
        searched,
        ...where,
      ];
    case 'unconfirmed': {
      const verified =
        c.verifiedDepth < 0
          ? `before it finished the initial state; the trace has ${k} disruption events`
          : `at depth ${c.verifiedDepth} of the trace's ${k} disruption events: no trace with ${c.verifiedDepth} or fewer breaks ${c.property} on ${network}`;
      return [
        `unconfirmed: the ${c.limit} limit stopped the search ${verified}`,
        `${searched}; --confirm-states-max and --confirm-time-limit raise the limits`,
      ];
    }
    case 'inconsistent':
      return [`inconsistent: ${c.reason}`, searched];
  }
}

function jsonOf(c: Confirmation, stored: Stored | null): Record<string, unknown> {
  const { verdict, property, disruptionEvents, totalEvents } = c;
  const common = { verdict, property, disruptionEvents, totalEvents };
  if (c.verdict === 'unrepresentable') return { ...common, reason: c.reason };
  const { distinctStates, transitions, depth, elapsedMs } = c.stats;
  const searched = {
    ...common,
    alphabetSize: c.alphabetSize,
    ownEvents: c.ownEvents,
    distinctStates,
    transitions,
    depth,
    elapsedMs: Math.round(elapsedMs),
  };
  switch (c.verdict) {
    case 'shortest':
      return { ...searched, reproduced: c.reproduced };
    case 'improved':
    case 'contractBroken': {
      const { property: found, step, message, events } = c.counterexample;
      const file = stored === null ? {} : { file: stored.path, written: stored.written };
      return { ...searched, counterexample: { ...file, property: found, disruptionEvents: c.found.trace.length, step, message, events } };
    }
    case 'unconfirmed':
      return { ...searched, limit: c.limit, verifiedDepth: c.verifiedDepth };
    case 'inconsistent':
      return { ...searched, reason: c.reason };
  }
}
