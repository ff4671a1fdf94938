// Whole-configuration proofs: `pair` (tiny cut to two users) explored to the fixpoint under every
// built-in with the default verdict, every interleaving and every random choice. A pinned count is
// the size of the whole reachable space, so an unexplained change in one is a change in the model's
// semantics or in the key. B1 and B3 hold on this network: two users leave no second user
// supernode to cascade into and regain uptime within the bounds (tiny.test.ts catches both).
import { describe, expect, it } from 'vitest';
import { builtIns } from '../algorithms/index.ts';
import { describeEvent, type Event, presets } from '../model/index.ts';
import { exploreSupernodes } from './exploreSupernodes.ts';

const pair = presets.pair?.config;
if (pair === undefined) throw new Error('the pair preset is missing');
const text = (events: readonly Event[]) => events.map(describeEvent).join(' ');
const quiet28 = `quiet ${Array.from({ length: 28 }, () => 'tick').join(' ')}`;

const wholeSpace = { status: 'passed', depth: 35, distinctStates: 70_180, transitions: 428_794 };
const expected: Record<string, object> = {
  healing: wholeSpace,
  'b1-uptime-gated': { status: 'passed', depth: 34, distinctStates: 68_026, transitions: 417_403 },
  'b3-shutdown-cascade': wholeSpace,
  'skype-2007': {
    status: 'violated',
    property: 'bounded-reconnection',
    depth: 2,
    distinctStates: 30,
    trace: 'reboot(u0) usageSpike(200%)',
    continuation: quiet28,
    message: '2 of 2 users not online after 28 quiet ticks: 1, 2',
  },
  'skype-2010': {
    status: 'violated',
    property: 'bounded-reconnection',
    depth: 3,
    distinctStates: 112,
    trace: 'reboot(u0) reboot(u1) usageSpike(200%)',
    continuation: quiet28,
    message: '2 of 2 users not online after 28 quiet ticks: 1, 2',
  },
  'b2-ghost-capacity': {
    status: 'violated',
    property: 'capacity-accounting',
    depth: 1,
    distinctStates: 7,
    trace: 'reboot(u0)',
    continuation: 'quiet tick',
    message: 'the algorithm believes in 2 supernodes with 2 free slots; there are 1 with 0',
  },
  'b4-retry-storm': {
    status: 'violated',
    property: 'bounded-reconnection',
    depth: 1,
    distinctStates: 7,
    trace: 'usageSpike(200%)',
    continuation: quiet28,
    message: '1 of 2 users not online after 28 quiet ticks: 2',
  },
  canary: {
    status: 'violated',
    property: 'capacity',
    depth: 0,
    distinctStates: 1,
    trace: '',
    continuation: '',
    message: 'supernode 0 holds 2 children in 1 slots',
  },
};

describe('pair: every reachable state under each built-in, the default verdict', () => {
  for (const { algorithm } of builtIns) {
    it(algorithm.name, () => {
      const result = exploreSupernodes({ config: pair, algorithm });
      const shown =
        result.status === 'violated' ? { ...result, trace: text(result.trace), continuation: text(result.continuation) } : result;
      expect(shown).toMatchObject(expected[algorithm.name] ?? { status: 'no pinned answer' });
    });
  }
});
