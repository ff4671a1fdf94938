import type { AllocationAlgorithm, Decision, State } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import { runTrace } from '../properties/run.ts';
import type { CounterexampleFile } from './schema.ts';

/** What folding `step` over a stored trace gives today. */
export interface ReplayOutcome {
  readonly verdict: 'violates' | 'holds';
  /** Step and message of the violation; null when the property holds over the whole trace. */
  readonly step: number | null;
  readonly message: string | null;
  readonly nodes: readonly number[];
  /** Every state of the replay, for rendering. */
  readonly states: readonly State[];
  /** The probes the model saw at each step, aligned with `states` (recorded as the replay ran, never stored). */
  readonly decisions: readonly (readonly Decision[])[];
  /** Whether the verdict is the one the file expects. */
  readonly asExpected: boolean;
  /** Why the replay differs from what the file records, or null when it matches. */
  readonly divergence: string | null;
}

/**
 * Replays a stored counterexample against `algorithm` (the recorded one, or another): folds `step`
 * over the events and checks the file's property after every step. Exact and deterministic; a
 * difference from the recorded step or message is reported with its likely cause.
 */
export function replayCounterexample(
  record: CounterexampleFile,
  algorithm: AllocationAlgorithm,
  currentSourceHash: string | null,
  /** The file no longer matches the identity hash in its name, and was replayed with `--accept-edits`. */
  edited = false,
): ReplayOutcome {
  const property = propertyNamed(record.property);
  if (property === undefined) throw new Error(`stormcheck internal error: property ${record.property} was validated but is unknown`);
  const { states, failure, decisions } = runTrace({ config: record.config, algorithm }, record.events, [property], record.settleTicks, {
    draws: record.draws,
    recordDecisions: true,
  });
  const verdict = failure === null ? 'holds' : 'violates';
  const outcome = {
    verdict,
    step: failure?.step ?? null,
    message: failure?.violation.message ?? null,
    nodes: failure?.violation.nodes ?? [],
    states,
    decisions,
    asExpected: verdict === record.expect,
  } as const;
  return { ...outcome, divergence: divergenceOf(record, outcome, algorithm.name, currentSourceHash, edited) };
}

function divergenceOf(
  record: CounterexampleFile,
  outcome: Pick<ReplayOutcome, 'verdict' | 'step' | 'message'>,
  algorithm: string,
  currentSourceHash: string | null,
  edited: boolean,
): string | null {
  const recorded = record.violation;
  if (outcome.verdict === 'violates' && outcome.step === recorded.step && outcome.message === recorded.message) return null;
  const now = outcome.verdict === 'holds' ? 'the property now holds over the whole trace' : `now step ${outcome.step}: ${outcome.message}`;
  const causes: string[] = [];
  // An edit is named before anything else: it can change any part of the verdict.
  if (edited) causes.push('the file was edited since it was recorded');
  if (algorithm !== record.algorithm.name) causes.push(`replayed with ${algorithm} instead of ${record.algorithm.name}`);
  else if (currentSourceHash !== null && currentSourceHash !== record.algorithm.sourceHash)
    causes.push("the algorithm's source changed since the file was recorded");
  if (causes.length === 0)
    causes.push('the model or the property changed since the file was recorded (same algorithm source, same content)');
  return `recorded step ${recorded.step}: ${recorded.message}; ${now} (${causes.join('; ')})`;
}
