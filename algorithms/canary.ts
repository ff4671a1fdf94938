import type { AllocationAlgorithm } from '../model/algorithm.ts';
import { isUsableSupernode } from '../model/queries.ts';
import { healing } from './healing.ts';
import { byUptimeOrHistory, exactBelief, planByNeed } from './parts.ts';

/**
 * A deliberately broken algorithm that every suite must catch: it admits every client to any warm
 * supernode, whatever its capacity, and never sheds the excess. If a change to the model or the checker lets the canary pass,
 * the change has blinded stormcheck.
 */
export const canary: AllocationAlgorithm = {
  ...healing,
  name: 'canary',
  description:
    'Deliberately broken: admits every client to any warm supernode regardless of capacity, and never sheds. The suites must always catch it.',
  admit: (view, supernode) => isUsableSupernode(view.state, supernode),
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOrHistory, shed: () => [] }),
};
