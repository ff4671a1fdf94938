// The budgets too large for `npm test`: healing verified to depth 6 on tiny's settled network with
// the default verdict and every quiet suffix, and the shutdown cascade caught over the whole
// alphabet, where its shortest trace is 7 events, one fewer than over ticks, logins and logouts
// alone (explorer/tiny.test.ts).
import { describe, expect, it } from 'vitest';
import { b3ShutdownCascade, healing } from '../../algorithms/index.ts';
import { describeEvent, presets } from '../../model/index.ts';
import { selectProperties } from '../../properties/registry.ts';
import { exploreSupernodes } from '../exploreSupernodes.ts';
import { toCounterexample } from '../toCounterexample.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');

describe('tiny, deeper', () => {
  it('healing is verified to depth 6: 36,006 states and their quiet suffixes', () => {
    const result = exploreSupernodes({ config: tiny, algorithm: healing }, { depthMax: 6 });
    expect(result).toMatchObject({ status: 'limitReached', limit: 'depth', depth: 6, distinctStates: 36_006, transitions: 80_616 });
  });

  it('b3-shutdown-cascade breaks bounded-reconnection after 7 events over the whole alphabet', () => {
    const system = { config: tiny, algorithm: b3ShutdownCascade };
    const result = exploreSupernodes(system, { properties: selectProperties(['bounded-reconnection']), depthMax: 8 });
    expect(result).toMatchObject({ status: 'violated', depth: 7, distinctStates: 144_104 });
    if (result.status !== 'violated') return;
    expect(result.trace.map(describeEvent).join(' ')).toBe('logout(u1) logout(u2) tick reboot(u0) login(u1) tick login(u2)');
    expect(toCounterexample(system, result).step).toBe(7 + result.continuation.length);
  });
});
