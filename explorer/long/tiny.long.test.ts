// The budget too large for `npm test`: healing verified to depth 6 on tiny's settled network with
// the default verdict, every random choice and every quiet suffix. (Each buggy built-in is caught
// within `npm test`'s budgets, explorer/tiny.test.ts.)
import { describe, expect, it } from 'vitest';
import { healing } from '../../algorithms/index.ts';
import { presets } from '../../model/index.ts';
import { exploreSupernodes } from '../exploreSupernodes.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');

describe('tiny, deeper', () => {
  it('healing is verified to depth 6: 57,181 states and their quiet suffixes', () => {
    const result = exploreSupernodes({ config: tiny, algorithm: healing }, { depthMax: 6 });
    expect(result).toMatchObject({ status: 'limitReached', limit: 'depth', depth: 6, distinctStates: 57_181, transitions: 121_441 });
  });
});
