import type { AllocationAlgorithm } from '../model/algorithm.ts';
import { canary } from './canary.ts';
import { healing } from './healing.ts';
import { skype2007, skype2010 } from './outages.ts';
import { b1UptimeGated, b2GhostCapacity, b3ShutdownCascade, b4RetryStorm } from './seededBugs.ts';

/** A built-in algorithm and the property the suites expect it to violate (null: it must satisfy all). */
export interface BuiltIn {
  readonly algorithm: AllocationAlgorithm;
  readonly expectedViolation: string | null;
}

export const builtIns: readonly BuiltIn[] = [
  { algorithm: healing, expectedViolation: null },
  { algorithm: skype2007, expectedViolation: 'bounded-reconnection' },
  { algorithm: skype2010, expectedViolation: 'bounded-reconnection' },
  { algorithm: b1UptimeGated, expectedViolation: 'bounded-reconnection' },
  { algorithm: b2GhostCapacity, expectedViolation: 'capacity-accounting' },
  { algorithm: b3ShutdownCascade, expectedViolation: 'settles' },
  { algorithm: b4RetryStorm, expectedViolation: 'retry-storm-subsides' },
  { algorithm: canary, expectedViolation: 'capacity' },
];

export function algorithmNamed(name: string): AllocationAlgorithm | undefined {
  return builtIns.find((b) => b.algorithm.name === name)?.algorithm;
}

export { b1UptimeGated, b2GhostCapacity, b3ShutdownCascade, b4RetryStorm, canary, healing, skype2007, skype2010 };
