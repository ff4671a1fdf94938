import type { NodeIndex } from './ids.ts';

/**
 * What a probe came to, as only the model knows it: the states before and after a tick cannot tell a
 * refused probe from one never sent, nor an admission shed again within the same tick.
 */
export type ProbeOutcome =
  /** The algorithm named no one: a failed attempt, and no probe sent. */
  | 'no-candidate'
  /** The algorithm named a node the contract does not allow (not in the host cache, not a bootstrap node). */
  | 'not-allowed'
  /** The node probed is not a supernode (any more). */
  | 'not-a-supernode'
  /** The supernode had no work left this tick to answer. */
  | 'unanswered'
  /** The supernode answered and `admit` said no. */
  | 'refused'
  | 'admitted';

export interface Decision {
  readonly kind: 'probe';
  readonly node: NodeIndex;
  /** null when the algorithm named no one. */
  readonly target: NodeIndex | null;
  readonly outcome: ProbeOutcome;
}

/**
 * Told each decision as a step makes it, when a report asks (`System.recorder`); absent, which is
 * every run but a report's replay, it costs one optional call per probe.
 */
export type DecisionRecorder = (decision: Decision) => void;
