// The grid walk, the capacity benchmark's model, has the state count, transitions and depth that
// arithmetic gives, and a search of it through many growths of the visited set and many chunks of
// parent pointers still finds every state once and spends at most 16 bytes on each.
import { describe, expect, it } from 'vitest';
import { explore } from './explore.ts';
import { grid } from './grid.ts';

describe('grid walk', () => {
  it('has width × height states, 2wh − w − h transitions and depth w + h − 2', () => {
    expect(explore(grid(1, 1))).toMatchObject({ status: 'passed', distinctStates: 1, transitions: 0, depth: 0 });
    expect(explore(grid(3, 2))).toMatchObject({ status: 'passed', distinctStates: 6, transitions: 7, depth: 3 });
  });

  it('is searched to 90,000 states in at most 16 bytes a state', () => {
    const result = explore(grid(300, 300));
    expect(result).toMatchObject({ status: 'passed', distinctStates: 90_000, transitions: 2 * 90_000 - 600, depth: 598 });
    expect(result.bytesPerState).toBeLessThanOrEqual(16);
  });
});
