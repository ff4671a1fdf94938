/**
 * A node's position in `State.nodes` and `Config.nodes`. Branded so that it cannot be mixed up with
 * the plain numbers events carry: an event addresses a user by an ordinal taken modulo the number of
 * users (see `userAt`), which stays valid after shrinking, while a `NodeIndex` is only meaningful for
 * the configuration it was computed in.
 */
export type NodeIndex = number & { readonly __brand: 'NodeIndex' };

export function nodeIndex(i: number): NodeIndex {
  return i as NodeIndex;
}
