/**
 * The stormcheck model: a pure state machine of supernode allocation in a Skype-style network.
 * An allocation algorithm is written against `AllocationAlgorithm` alone; everything else here is
 * the network it runs in.
 */
export type { AllocationAlgorithm, NetworkView, Random, Shedding, TickPlan } from './algorithm.ts';
export type { Config, NodeKind, NodeSpec } from './config.ts';
export { indicesOf, nodeCount, ordinalIn, userAt } from './config.ts';
export type { ContractRule } from './contract.ts';
export type { Decision, DecisionRecorder, ProbeOutcome } from './decision.ts';
export type { StateDraft, System } from './draft.ts';
export type { Event, EventKind } from './events.ts';
export { clampUsage, describeEvent, eventKinds, eventProblem, usagePercentMax, usagePercentMin } from './events.ts';
export type { NodeIndex } from './ids.ts';
export { nodeIndex } from './ids.ts';
export { initialState } from './initial.ts';
export type { Preset } from './presets.ts';
export { presetNamed, presets } from './presets.ts';
export type { Census } from './queries.ts';
export {
  answersProbe,
  census,
  childrenOf,
  effectiveCapacity,
  isHistoricallyEligible,
  isOverloaded,
  isRunning,
  isServed,
  isUsableSupernode,
  isWarming,
  loadPercent,
  meetsPromotionCriterion,
  optimalOnline,
  servedSlots,
  trueCapacity,
  unservedChildren,
  userSupernodes,
  workLimit,
  workPercent,
} from './queries.ts';
export { assertBound, randomOn } from './random.ts';
export { sameButTick } from './sameState.ts';
export type { CapacityBelief, Clocks, ContractViolation, Json, NodeState, Role, RoleKind, State, TickCounters } from './state.ts';
export { applies, appliesWellFormed, recipe, step, stepMutable } from './step.ts';
