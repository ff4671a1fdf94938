/**
 * stormcheck's public API, for a user's own algorithms and test files:
 * `import { type AllocationAlgorithm, healing, check } from 'stormcheck'`.
 */

export {
  algorithmNamed,
  b1UptimeGated,
  b2GhostCapacity,
  b3ShutdownCascade,
  b4RetryStorm,
  builtIns,
  canary,
  healing,
  skype2007,
  skype2010,
} from './algorithms/index.ts';
export * as parts from './algorithms/parts.ts';
export { type CheckOptions, check } from './checker/check.ts';
export type { CheckResult, Counterexample } from './checker/result.ts';
export { defineConfig, type StormcheckConfig } from './cli/configFile.ts';
export {
  type Confirmation,
  type ConfirmLimits,
  confirmShortest,
  type ExplorableModel,
  type ExploreOptions,
  type ExploreResult,
  type ExploreSupernodesOptions,
  explore,
  exploreSupernodes,
  type SupernodeModelOptions,
  supernodeModel,
  toCounterexample,
} from './explorer/index.ts';
export * from './model/index.ts';
export type { Property, PropertyFamily, PropertyKind, Violation } from './properties/property.ts';
export { defaultProperties, outcomeProperties, properties, propertyNamed, selectProperties } from './properties/registry.ts';
export { runTrace, type Start, settleTicksOf } from './properties/run.ts';
