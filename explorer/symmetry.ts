import { type Config, indicesOf, type NodeIndex, type NodeState, type Role, type State } from '../model/index.ts';
import { supernodeKey } from './stateCodec.ts';

/**
 * Symmetry reduction over interchangeable user nodes: users whose static attributes
 * (`Config.nodes[i]`) are identical. A state is replaced by a representative of its orbit under
 * permutations of each such class, so that states differing only by which twin is which are
 * explored once (Stateright's `representative`, TLC's SYMMETRY).
 *
 * It is sound only if renaming twins commutes with every step, and in stormcheck it does not in
 * general: a tick visits nodes in index order, which decides who gets the last free slot, and the
 * built-in algorithms break ties by index (`chooseInRotation`, `planByNeed`). Merging a state with a
 * renamed one can then hide a behaviour. It is therefore off by default, as TLC warns of SYMMETRY
 * with liveness; use it to estimate a state space, and trust a verdict found with it only after a
 * run without it. The algorithm's `memory` is opaque and is not renamed: an algorithm that keeps
 * node indices there (b2-ghost-capacity does) is not symmetric for that reason too.
 *
 * The representative is exact when the classes allow at most `exactPermutationsMax` renamings: the
 * renaming with the least key, so that every state of an orbit has the same one. Beyond that it sorts
 * each class by a signature in which references to twins are replaced by their class, with the raw
 * node as a tie-break; two renamings of one state may then get different representatives when twins
 * tie on the signature (2 of 5,238 renamings of the states within 4 events of tiny with two pairs of
 * twins, when measured), which costs reduction, never soundness. Either way a representative is a
 * renaming of the state, so only twins are merged.
 */
export interface Symmetry {
  /** Each class of interchangeable nodes, in ascending index order; only classes of two or more. */
  readonly classes: readonly (readonly NodeIndex[])[];
  representative(state: State): State;
}

export function symmetryOf(config: Config): Symmetry {
  const groups = new Map<string, NodeIndex[]>();
  for (const i of indicesOf(config, 'user')) {
    const spec = JSON.stringify(config.nodes[i]);
    groups.set(spec, [...(groups.get(spec) ?? []), i]);
  }
  const classes = [...groups.values()].filter((members) => members.length >= 2);
  const classOf = config.nodes.map(() => -1);
  classes.forEach((members, c) => {
    for (const i of members) classOf[i] = c;
  });
  const renamings = classes.reduce((n, members) => n * factorial(members.length), 1);
  if (classes.length === 0) return { classes, representative: (state) => state };
  if (renamings > exactPermutationsMax) {
    return { classes, representative: (state) => renamed(state, sortingPermutation(state, classes, classOf)) };
  }
  const permutations = classPermutations(config.nodes.length, classes);
  return { classes, representative: (state) => leastRenaming(config, state, permutations) };
}

/** The most renamings per state the exact representative tries: every permutation of every class. */
export const exactPermutationsMax = 24;

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Every renaming that permutes each class within itself, as `to` arrays; the identity first. */
function classPermutations(nodes: number, classes: readonly (readonly NodeIndex[])[]): number[][] {
  let out: number[][] = [Array.from({ length: nodes }, (_, i) => i)];
  for (const members of classes) {
    out = out.flatMap((to) =>
      orderings(members).map((order) => {
        const next = to.slice();
        members.forEach((i, k) => {
          next[i] = order[k] as number;
        });
        return next;
      }),
    );
  }
  return out;
}

function orderings<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((first, k) => orderings([...items.slice(0, k), ...items.slice(k + 1)]).map((rest) => [first, ...rest]));
}

function leastRenaming(config: Config, state: State, permutations: readonly number[][]): State {
  let best = state;
  let bestKey = supernodeKey(config, state);
  for (const to of permutations.slice(1)) {
    const candidate = renamed(state, to);
    const key = supernodeKey(config, candidate);
    if (key < bestKey) {
      best = candidate;
      bestKey = key;
    }
  }
  return best;
}

/** `to[i]`: where node i goes. Within each class, nodes are placed in the order of their signatures. */
function sortingPermutation(state: State, classes: readonly (readonly NodeIndex[])[], classOf: readonly number[]): number[] {
  const to = state.nodes.map((_, i) => i);
  const abstract = (r: NodeIndex) => ((classOf[r] as number) < 0 ? r : -1 - (classOf[r] as number));
  for (const members of classes) {
    const ranked = members
      .map((i) => ({ i, signature: signatureOf(state, i, abstract), raw: signatureOf(state, i, (r) => r) }))
      .sort((a, b) => compare(a.signature, b.signature) || compare(a.raw, b.raw) || a.i - b.i);
    ranked.forEach(({ i }, k) => {
      to[i] = members[k] as number;
    });
  }
  return to;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Everything about node `i` that renaming keeps, with references to other nodes passed through `ref`. */
function signatureOf(state: State, i: NodeIndex, ref: (r: NodeIndex) => number): string {
  const node = state.nodes[i] as NodeState;
  const { uptime, history, retryTicks, roleTicks, rebootInTicks, signalling } = state.clocks;
  return JSON.stringify([
    renameRole(node.role, ref),
    node.wantsOnline,
    node.attempt,
    node.retryDelay,
    node.hostCache.map(ref),
    [uptime[i], history[i], retryTicks[i], roleTicks[i], rebootInTicks[i], signalling[i]],
    state.loginQueue.indexOf(i),
    state.violation?.nodes.includes(i) ?? false,
  ]);
}

function renameRole(role: Role, ref: (r: NodeIndex) => number): Role {
  const to = (r: NodeIndex) => ref(r) as NodeIndex;
  switch (role.kind) {
    case 'awaitingLogin':
      return { kind: 'awaitingLogin', supernode: to(role.supernode) };
    case 'ordinary':
      return { kind: 'ordinary', parent: to(role.parent) };
    case 'supernode':
      return { kind: 'supernode', children: role.children.map(to) };
    default:
      return role;
  }
}

/** The state with node i moved to `to[i]` and every reference to a node renamed to match. */
export function renamed(state: State, to: readonly number[]): State {
  const ref = (r: NodeIndex) => to[r] as NodeIndex;
  const move = <T>(values: readonly T[]): T[] => {
    const out = values.slice();
    values.forEach((v, i) => {
      out[to[i] as number] = v;
    });
    return out;
  };
  const nodes = move(state.nodes.map((node) => ({ ...node, role: renameRole(node.role, ref), hostCache: node.hostCache.map(ref) })));
  const { uptime, history, retryTicks, roleTicks, rebootInTicks, signalling } = state.clocks;
  return {
    ...state,
    nodes,
    clocks: {
      uptime: move(uptime),
      history: move(history),
      retryTicks: move(retryTicks),
      roleTicks: move(roleTicks),
      rebootInTicks: move(rebootInTicks),
      signalling: move(signalling),
    },
    loginQueue: state.loginQueue.map(ref),
    violation: state.violation === null ? null : { ...state.violation, nodes: state.violation.nodes.map(ref) },
  };
}
