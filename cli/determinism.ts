import { check } from '../checker/check.ts';
import { InputError } from '../io/inputError.ts';
import { algorithmMethods } from '../io/loadAlgorithm.ts';
import { clipped } from '../io/printable.ts';
import type { AllocationAlgorithm, NetworkView } from '../model/index.ts';
import { type CheckJob, checkOptions, resolveJob } from './checkJob.ts';
import { withHeartbeat } from './heartbeat.ts';

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

/** The algorithm, with every decision appended to `log`: the method, its node, the tick and what it returned. */
function recording(algorithm: AllocationAlgorithm, log: Decision[]): AllocationAlgorithm {
  let run = 0;
  const wrapped: Record<string, unknown> = { ...algorithm };
  for (const method of algorithmMethods) {
    const original = algorithm[method] as (...args: unknown[]) => unknown;
    wrapped[method] = (...args: unknown[]) => {
      // The model asks for the initial memory once per run.
      if (method === 'initialMemory') run++;
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

/** The job with only its first `runs` runs (of its shard), and no time limit: a sample, played twice. */
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

/**
 * Plays `play` twice on the same instance of the algorithm, the second time under another clock and
 * `Math.random` (`underAmbient`), recording every decision, and names the first that differs:
 * "in run R, plan at tick 4 returned …, then …", or null when both passes decided alike. The model is
 * deterministic, so any difference is the algorithm's: it read a clock or `Math.random`, or kept
 * state outside its memory (a global counter carries over from the first pass to the second).
 */
export function firstDivergence(
  algorithm: AllocationAlgorithm,
  play: (algorithm: AllocationAlgorithm) => void,
  beat?: () => void,
): string | null {
  const base = Date.now();
  const [first = [], second = []] = [0, 1].map((pass) => {
    const log: Decision[] = [];
    const recorded = recording(algorithm, log);
    underAmbient(pass, base, () => play(beat === undefined ? recorded : withHeartbeat(recorded, beat)));
    return log;
  });
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

/** Why an algorithm is not deterministic, as one line; `how` says what was played twice and where it first differed. */
export function nondeterministic(name: string, how: string): string {
  return `algorithm ${name} is not deterministic: ${how} (does it read a clock, Math.random, or keep state outside its memory?)`;
}

/**
 * Plays the first `runs` runs of a check twice (`firstDivergence`): why the algorithm is not
 * deterministic, naming the first decision that differs (its method, node and tick), or null.
 */
export async function determinismProblem(job: CheckJob, runs: number, beat?: () => void): Promise<string | null> {
  const resolved = await resolveJob(job, { typecheck: false });
  const options = checkOptions(sampleOf(job, runs), resolved);
  const divergence = firstDivergence(options.algorithm, (algorithm) => check({ ...options, algorithm, onHeartbeat: beat }), beat);
  return divergence === null ? null : nondeterministic(resolved.loaded.algorithm.name, `seed ${job.seed}, played twice: ${divergence}`);
}

/** `determinismProblem` as an error: what the CLI reports, in one line with exit 2. */
export async function checkDeterminism(job: CheckJob, runs: number, beat?: () => void): Promise<void> {
  const problem = await determinismProblem(job, runs, beat);
  if (problem !== null) throw new InputError(problem);
}
