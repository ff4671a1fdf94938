import { check } from '../checker/check.ts';
import { withHeartbeat } from '../io/heartbeat.ts';
import { InputError } from '../io/inputError.ts';
import { algorithmMethods } from '../io/loadAlgorithm.ts';
import { clipped } from '../io/printable.ts';
import type { AllocationAlgorithm, NetworkView } from '../model/index.ts';
import { type CheckJob, checkOptions, resolveJob } from './checkJob.ts';

/** One decision of an algorithm, as the determinism check compares them. */
interface Decision {
  readonly run: number;
  readonly method: string;
  readonly node: number | null;
  readonly tick: number | null;
  readonly result: string;
}

/** Decisions kept per pass, at most: the first difference is almost always early, and memory is bounded. */
const decisionsMax = 200_000;

/**
 * The algorithm, with every decision appended to `log`: the method, its node, the tick and what it
 * returned. The arguments of each method's first call are kept in `firstCalls`, for `shifted`.
 */
function recording(algorithm: AllocationAlgorithm, log: Decision[], firstCalls: Map<string, unknown[]>): AllocationAlgorithm {
  let run = 0;
  const wrapped: Record<string, unknown> = { ...algorithm };
  for (const method of algorithmMethods) {
    const original = algorithm[method] as (...args: unknown[]) => unknown;
    wrapped[method] = (...args: unknown[]) => {
      // The model asks for the initial memory once per run.
      if (method === 'initialMemory') run++;
      if (!firstCalls.has(method)) firstCalls.set(method, args);
      const result = original.apply(algorithm, args);
      if (log.length < decisionsMax) {
        const view = method === 'initialMemory' ? null : (args[0] as NetworkView);
        const node = method === 'initialMemory' || method === 'plan' ? null : (args[1] as number);
        log.push({ run, method, node, tick: view?.state.tick ?? null, result: JSON.stringify(result) ?? 'undefined' });
      }
      return result;
    };
  }
  return wrapped as unknown as AllocationAlgorithm;
}

/**
 * Calls each method once more, with the arguments of its first call: a counter the algorithm keeps
 * outside its memory moves on by one call (by one per method, for a counter they share). A counter
 * whose decisions repeat with a period that divides a pass's calls (every 7th call, 7 calls a pass
 * times n) decides alike in a second pass; after this shift it cannot in a third, which starts one
 * call later. What the calls return or throw is of no interest.
 */
function shifted(algorithm: AllocationAlgorithm, firstCalls: ReadonlyMap<string, unknown[]>): void {
  for (const [method, args] of firstCalls) {
    try {
      (algorithm[method as (typeof algorithmMethods)[number]] as (...a: unknown[]) => unknown).apply(algorithm, args);
    } catch {}
  }
}

/** The job with only its first `runs` runs (of its shard), and no time limit: a sample, played again. */
function sampleOf(job: CheckJob, runs: number): CheckJob {
  const shard = job.shard ?? { index: 1, count: 1 };
  return { ...job, runs: Math.min(job.runs, shard.index + (runs - 1) * shard.count), timeLimitMs: null };
}

/**
 * Runs `play` with the clock and `Math.random` set for pass `pass`: a seeded stream for both passes,
 * the second's each draw mirrored (1 - x), and a clock from `base` that advances a millisecond at each
 * reading, the second pass's a day and a millisecond ahead of the first's reading for reading.
 * A deterministic algorithm reads neither, so nothing changes for it; one that does sees other
 * values in the second pass (every millisecond's parity flipped, every draw mirrored),
 * so that even a decision taken on a coarse function of them differs, rather than by chance alone.
 * The checker is synchronous, so nothing else on this thread runs while they are replaced.
 */
function underAmbient<T>(pass: number, base: number, play: () => T): T {
  const { now } = Date;
  const { random } = Math;
  let seed = 0x2545f491;
  Math.random = () => {
    // mulberry32: a small, fixed stream.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const draw = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    // Mirrored in the second pass: every threshold but one half, and every parity, comes out the other way.
    return pass === 0 ? draw : (1 - draw) % 1;
  };
  let reading = base + (pass === 0 ? 0 : 86_400_001);
  Date.now = () => reading++;
  try {
    return play();
  } finally {
    Date.now = now;
    Math.random = random;
  }
}

function describe(d: Decision): string {
  return `${d.method}${d.node === null ? '' : ` for node ${d.node}`}${d.tick === null ? '' : ` at tick ${d.tick}`}`;
}

/** The first decision in which two passes differ, as words, or null when they decided alike. */
function firstDifference(first: readonly Decision[], second: readonly Decision[]): string | null {
  const same = (x: Decision | undefined, y: Decision | undefined) =>
    x !== undefined && y !== undefined && x.result === y.result && describe(x) === describe(y);
  let at = 0;
  while (at < Math.max(first.length, second.length) && same(first[at], second[at])) at++;
  if (at === Math.max(first.length, second.length)) return null;
  const [a, b] = [first[at], second[at]];
  if (a === undefined || b === undefined) return `in run ${(a ?? b)?.run}, the two passes made a different number of decisions`;
  const what =
    describe(a) === describe(b)
      ? `${describe(a)} returned ${clipped(a.result)}, then ${clipped(b.result)}`
      : `${describe(a)} was followed by ${describe(b)}`;
  return `in run ${a.run}, ${what}`;
}

/**
 * Plays `play` three times on the same instance of the algorithm, recording every decision, and
 * names the first that differs from the first pass's: "in run R, plan at tick 4 returned …, then …",
 * or null when every pass decided alike. The second pass runs under another clock and
 * `Math.random` (`underAmbient`), and after the first pass's calls, so a global counter has moved
 * on; the third under the first pass's clock and draws, after every method is called once more
 * (`shifted`), for a counter whose period divides a pass's calls. The model is deterministic, so any
 * difference is the algorithm's: it read a clock or `Math.random`, or kept state outside its memory.
 */
export function firstDivergence(
  algorithm: AllocationAlgorithm,
  play: (algorithm: AllocationAlgorithm) => void,
  beat?: () => void,
): string | null {
  const base = Date.now();
  const firstCalls = new Map<string, unknown[]>();
  const pass = (ambient: number): Decision[] => {
    const log: Decision[] = [];
    const recorded = recording(algorithm, log, firstCalls);
    underAmbient(ambient, base, () => play(beat === undefined ? recorded : withHeartbeat(recorded, beat)));
    return log;
  };
  const first = pass(0);
  const second = firstDifference(first, pass(1));
  if (second !== null) return second;
  underAmbient(0, base, () => shifted(algorithm, firstCalls));
  return firstDifference(first, pass(0));
}

/** Why an algorithm is not deterministic, as one line; `how` says what was played again and where it first differed. */
export function nondeterministic(name: string, how: string): string {
  return `algorithm ${name} is not deterministic: ${how} (does it read a clock, Math.random, or keep state outside its memory?)`;
}

/**
 * Plays the first `runs` runs of a check again (`firstDivergence`): why the algorithm is not
 * deterministic, naming the first decision that differs (its method, node and tick), or null.
 */
export async function determinismProblem(job: CheckJob, runs: number, beat?: () => void): Promise<string | null> {
  const resolved = await resolveJob(job, { typecheck: false });
  const options = checkOptions(sampleOf(job, runs), resolved);
  const divergence = firstDivergence(options.algorithm, (algorithm) => check({ ...options, algorithm, onHeartbeat: beat }), beat);
  return divergence === null ? null : nondeterministic(resolved.loaded.algorithm.name, `seed ${job.seed}, played again: ${divergence}`);
}

/** `determinismProblem` as an error: what the CLI reports, in one line with exit 2. */
export async function checkDeterminism(job: CheckJob, runs: number, beat?: () => void): Promise<void> {
  const problem = await determinismProblem(job, runs, beat);
  if (problem !== null) throw new InputError(problem);
}
