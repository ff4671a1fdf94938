// The parent pointers give back every path exactly, across the boundaries of their chunks and after
// an action index too large for one byte has widened a chunk, and cost close to 5 bytes a state.
import { describe, expect, it } from 'vitest';
import { chunkEntriesMin, TraceStore } from './traceStore.ts';

/**
 * A ternary tree in breadth-first order, as the explorer numbers states: state k > 0 is reached from
 * state ⌊(k − 1) / 3⌋ by action (k − 1) mod 3, and state 0 is the first initial state.
 */
function ternaryTree(count: number): TraceStore {
  const store = new TraceStore();
  for (let k = 0; k < count; k++) {
    const id = k === 0 ? store.add(-1, 0) : store.add(Math.floor((k - 1) / 3), (k - 1) % 3);
    if (id !== k) throw new Error(`id ${id} for state ${k}`);
  }
  return store;
}

/** The path to state k of the ternary tree, worked out from k alone. */
function expectedPath(k: number): number[] {
  const actions: number[] = [];
  for (let at = k; at > 0; at = Math.floor((at - 1) / 3)) actions.push((at - 1) % 3);
  return [0, ...actions.reverse()];
}

describe('TraceStore', () => {
  it('gives back the path to every state across chunk boundaries', () => {
    // 100,000 states span 241 chunks: 64 of 64 entries, then 32 each of 128, 256, 512 and 1,024, and 17 of 2,048.
    const count = 100_000;
    const store = ternaryTree(count);
    expect(store.count).toBe(count);
    expect(store.bytes).toBe((64 * 64 + 32 * (128 + 256 + 512 + 1024) + 17 * 2048) * 5);
    const wrong: number[] = [];
    for (let k = 0; k < count; k++) {
      const path = store.path(k);
      const expected = expectedPath(k);
      if (path.length !== expected.length || path.some((a, i) => a !== expected[i])) wrong.push(k);
    }
    expect(wrong).toEqual([]);
    expect(store.path(count - 1)).toEqual([0, 0, 0, 1, 2, 0, 2, 0, 0, 0, 1, 2]);
  });

  it('spends 5 bytes a state and at most 1/32 more once past the first chunks', () => {
    const store = new TraceStore();
    let most = 0;
    for (let k = 0; k < 1_000_000; k++) {
      store.add(k - 1, k % 7);
      if (store.count >= 20 * chunkEntriesMin) most = Math.max(most, store.bytes / store.count);
    }
    expect(store.bytes).toBeGreaterThanOrEqual(5 * store.count);
    expect(most).toBeLessThanOrEqual(5 * (1 + 1 / 20));
    expect(store.bytes / store.count).toBeLessThanOrEqual(5 * (1 + 1 / 32));
  });

  it('widens the action indices of a chunk once one needs more than a byte, keeping those already there', () => {
    const store = new TraceStore();
    const half = chunkEntriesMin / 2;
    expect(store.bytes).toBe(chunkEntriesMin * 5);
    for (let k = 0; k < half; k++) store.add(k - 1, 200);
    store.add(half - 1, 300);
    // The first chunk alone is copied to two-byte indices.
    expect(store.bytes).toBe(chunkEntriesMin * (4 + 2));
    store.add(half, 70_000);
    expect(store.bytes).toBe(chunkEntriesMin * (4 + 4));
    // The next chunk starts at four bytes, and a small index does not narrow it.
    const last = chunkEntriesMin + 9;
    for (let k = half + 2; k <= last; k++) store.add(k - 1, 1);
    expect(store.count).toBe(last + 1);
    expect(store.bytes).toBe(2 * chunkEntriesMin * (4 + 4));
    expect(store.path(last)).toEqual([...Array(half).fill(200), 300, 70_000, ...Array(last - half - 1).fill(1)]);
    expect(store.path(half - 1)).toEqual(Array(half).fill(200));
  });
});
