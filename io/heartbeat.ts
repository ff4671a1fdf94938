import type { AllocationAlgorithm } from '../model/index.ts';
import { algorithmMethods } from './loadAlgorithm.ts';

/** Signs of life at most this often: the watchdog needs a few a second, not thousands. */
export const heartbeatEveryMs = 200;

/** `beat`, called at most every `heartbeatEveryMs`: cheap enough to call on every algorithm call. */
export function paced(beat: () => void): () => void {
  let last = 0;
  return () => {
    // The clock on every call, not every n-th: one slow call per tick must still beat every tick.
    // performance.now, not Date.now, which the determinism check replaces (determinism.ts).
    const now = performance.now();
    if (now - last < heartbeatEveryMs) return;
    last = now;
    beat();
  };
}

/**
 * The algorithm with `beat` called before each of its methods: a sign of life from inside a run,
 * every step of which consults the algorithm, so that a long healthy run (512 nodes, a long quiet
 * phase) is never taken for a hung one, while a call that never returns still stops the beats.
 * The checker's own heartbeat comes only between runs.
 */
export function withHeartbeat(algorithm: AllocationAlgorithm, beat: () => void): AllocationAlgorithm {
  const wrapped: Record<string, unknown> = { ...algorithm };
  for (const method of algorithmMethods) {
    const original = algorithm[method] as (...args: unknown[]) => unknown;
    wrapped[method] = (...args: unknown[]) => {
      beat();
      return original.apply(algorithm, args);
    };
  }
  return wrapped as unknown as AllocationAlgorithm;
}
