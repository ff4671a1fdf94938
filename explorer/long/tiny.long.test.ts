// The budgets too large for `npm test`: healing verified to depth 6 on tiny with every property and
// every quiet suffix, and the shutdown cascade caught over the whole alphabet, where its shortest
// trace is 8 events, the same length as over ticks and spikes alone (explorer/tiny.test.ts).
import { describe, expect, it } from 'vitest';
import { b3ShutdownCascade, healing, skype2010 } from '../../algorithms/index.ts';
import { describeEvent, presets } from '../../model/index.ts';
import { selectProperties } from '../../properties/registry.ts';
import { exploreSupernodes } from '../exploreSupernodes.ts';
import { toCounterexample } from '../toCounterexample.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');

describe('tiny, deeper', () => {
  it('healing is verified to depth 6: 45,277 states and their quiet suffixes', () => {
    const result = exploreSupernodes({ config: tiny, algorithm: healing }, { depthMax: 6 });
    expect(result).toMatchObject({ status: 'limitReached', limit: 'depth', depth: 6, distinctStates: 45_277, transitions: 88_480 });
  });

  const cascades = [
    { algorithm: b3ShutdownCascade, states: 355_114, trace: 'tick reboot(u3) tick tick reboot(u1) tick usageSpike(200%) tick' },
    { algorithm: skype2010, states: 201_719, trace: 'tick tick tick reboot(u1) tick reboot(u3) usageSpike(200%) tick' },
  ];
  for (const { algorithm, states, trace } of cascades) {
    it(`${algorithm.name} breaks shedding-keeps-goodput after 8 events over the whole alphabet`, () => {
      const system = { config: tiny, algorithm };
      const result = exploreSupernodes(system, { properties: selectProperties(['shedding-keeps-goodput']), depthMax: 8 });
      expect(result).toMatchObject({ status: 'violated', depth: 8, distinctStates: states });
      if (result.status !== 'violated') return;
      expect(result.trace.map(describeEvent).join(' ')).toBe(trace);
      expect(toCounterexample(system, result).step).toBe(8);
    });
  }
});
