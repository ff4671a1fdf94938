/**
 * A complete allocation algorithm written against stormcheck's interface alone, as a user would:
 * a simple "fill the least-loaded supernode" policy. Run it with
 *
 *     npx stormcheck check --algorithm examples/my-algorithm.ts --preset default
 *
 * In your own project, import from 'stormcheck' instead of '../index.ts'.
 */
import {
  type AllocationAlgorithm,
  childrenOf,
  effectiveCapacity,
  indicesOf,
  isUsableSupernode,
  meetsPromotionCriterion,
  type NetworkView,
  type NodeIndex,
  trueCapacity,
} from '../index.ts';

/** Usable supernodes with room, least loaded first. */
function roomy(view: NetworkView, except: NodeIndex): NodeIndex[] {
  const free = (s: NodeIndex) => effectiveCapacity(view.config, view.state, s) - childrenOf(view.state.nodes[s]!).length;
  return view.state.nodes
    .map((_, s) => s as NodeIndex)
    .filter((s) => s !== except && isUsableSupernode(view.state, s) && free(s) > 0)
    .sort((a, b) => free(b) - free(a) || a - b);
}

export const algorithm: AllocationAlgorithm = {
  name: 'least-loaded',
  description: 'Example: clients go to the least-loaded supernode they know; promotion by need; exponential backoff with jitter.',
  initialMemory: () => null,
  chooseSupernode(view, node, random) {
    const known = view.state.nodes[node]!.hostCache;
    const bootstraps = indicesOf(view.config, 'bootstrap');
    const options = [...known, ...bootstraps];
    return options.length === 0 ? null : options[random.int(options.length)]!;
  },
  admit(view, supernode) {
    return (
      isUsableSupernode(view.state, supernode) &&
      childrenOf(view.state.nodes[supernode]!).length < effectiveCapacity(view.config, view.state, supernode)
    );
  },
  retryDelay(view, _node, attempt, random) {
    const ceiling = Math.min(view.config.backoffCapTicks, view.config.backoffBaseTicks * 2 ** Math.min(20, attempt - 1));
    const half = Math.ceil(ceiling / 2);
    return half + random.int(ceiling - half + 1);
  },
  refreshHostCache(view, node) {
    return roomy(view, node).slice(0, view.config.hostCacheMax);
  },
  plan(view) {
    const { config, state } = view;
    const belief = trueCapacity(config, state);
    const users = indicesOf(config, 'user');
    const waiting = users.filter((i) => state.nodes[i]!.role.kind === 'connecting').length;
    const running = users.filter((i) => !['offline', 'booting'].includes(state.nodes[i]!.role.kind)).length;
    // Keep one supernode per `targetRatio` running users, and enough free slots for everyone waiting.
    const target = Math.ceil(running / config.targetRatio);
    let supernodes = state.nodes.filter((n) => n.role.kind === 'supernode').length;
    let supply = belief.freeSlots;
    for (const s of users)
      if (state.nodes[s]!.role.kind === 'supernode' && !isUsableSupernode(state, s)) supply += effectiveCapacity(config, state, s);
    const promote: NodeIndex[] = [];
    for (const i of users) {
      if (supply >= waiting - promote.length && supernodes >= target) break;
      const kind = state.nodes[i]!.role.kind;
      if ((kind === 'connecting' || kind === 'ordinary') && meetsPromotionCriterion(config, state, i)) {
        promote.push(i);
        supernodes++;
        supply += effectiveCapacity(config, state, i);
      }
    }
    return { belief, promote, demote: [], shed: [], memory: null };
  },
};
