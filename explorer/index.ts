/**
 * `stormcheck explore`: breadth-first search over every reachable state of the supernode model (or
 * any `ExplorableModel`), with 64-bit fingerprints for the visited set, typed results for every
 * limit, and shortest counterexamples that the corpus stores like any other.
 */

export { canonicalEvents } from './canonicalEvents.ts';
export { ChoiceLimit, choicesMaxDefault, everyChoice } from './choices.ts';
export {
  type Confirmation,
  type ConfirmLimits,
  confirmShortest,
  type Searched,
  type TraceLength,
} from './confirmShortest.ts';
export { dieHard, type JugAction, type Jugs } from './dieHard.ts';
export { type ExploreOptions, explore, exploreDefaults } from './explore.ts';
export {
  type ExploreSupernodesOptions,
  exploreSupernodes,
  type SupernodeResult,
  type SymmetryEffect,
  symmetryEffect,
} from './exploreSupernodes.ts';
export { collisionProbability, type Fingerprint, fingerprintOf } from './fingerprint.ts';
export { type AddOutcome, FingerprintSet } from './fingerprintSet.ts';
export type { Codec, PackedStates } from './level.ts';
export type { ContinuationViolation, ExplorableModel, ModelProperty, StateKey } from './model.ts';
export { NotDeterministic } from './model.ts';
export type { ExploreResult, Limit, SearchStats } from './result.ts';
export { type SearchSystem, type SearchWorkerOptions, searchSystemOf } from './searchSystem.ts';
export type { BatchViolation, WorkerModel, WorkerModelOf } from './searchWorkers.ts';
export { type StateCodec, stateCodec, supernodeKey } from './stateCodec.ts';
export { statesWithin } from './statesWithin.ts';
export { alphabetKinds, alphabetOf, defaultUsagePercents, type SupernodeModelOptions, supernodeModel } from './supernodeModel.ts';
export { type Symmetry, symmetryOf } from './symmetry.ts';
export { explorerProvenance, toCounterexample, type Violated } from './toCounterexample.ts';
export { WordReader, WordWriter } from './words.ts';
