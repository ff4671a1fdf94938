import type { AllocationAlgorithm } from '../model/algorithm.ts';
import {
  activeSupernodes,
  admitWithinCapacity,
  backoffWithJitter,
  byUptimeOrHistory,
  chooseInRotation,
  dropExcess,
  exactBelief,
  planByNeed,
} from './parts.ts';

/**
 * The reference algorithm, assembled from the sound version of every block: it must satisfy every
 * property on every configuration within the documented bounds. Each choice answers one of the
 * documented failure modes: promotion by long-run history as well as uptime, so a storm that resets
 * every uptime does not empty the candidate pool (Gnutella's uptime heuristic; Bremler-Barr &
 * Goldschmidt); exact capacity accounting (no ghost capacity); admission within the capacity that
 * today's traffic leaves; shedding only the excess, never shutting down (Google SRE book,
 * "Addressing Cascading Failures"); exponential backoff with jitter (AWS Architecture blog); and host
 * caches refreshed with live supernodes on every contact (Skype admin guide).
 */
export const healing: AllocationAlgorithm = {
  name: 'healing',
  description:
    'Reference: promotes by uptime or long-run history on demand, accounts capacity exactly, admits within effective capacity, sheds only excess load, backs off exponentially with jitter.',
  initialMemory: () => null,
  chooseSupernode: (view, node) => chooseInRotation(view, node),
  admit: (view, supernode) => admitWithinCapacity(view, supernode),
  retryDelay: (view, _node, attempt, random) => backoffWithJitter(view, attempt, random),
  refreshHostCache: (view, node, _supernode, random) => activeSupernodes(view, node, random),
  plan: planByNeed({ account: exactBelief, criterion: byUptimeOrHistory, shed: dropExcess }),
};
