// The healing reference passes the default verdict, safety on every transition and healing on every
// state's quiet suffix down every branch of its random choices, over every path of up to 2 events
// and every random choice from tiny's settled network: a pinned, complete depth, reported
// as the depth limit reached (not as passed, since deeper states remain). A search stopped by its
// state or time budget on the real model says so too.
import { describe, expect, it } from 'vitest';
import { healing } from '../algorithms/index.ts';
import { presets } from '../model/index.ts';
import { exploreSupernodes } from './exploreSupernodes.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');
const system = { config: tiny, algorithm: healing };

describe('healing on tiny, the default verdict', () => {
  it('is complete to depth 2: 69 states, each with every branch of its quiet suffix, and no violation', () => {
    const result = exploreSupernodes(system, { depthMax: 2 });
    expect(result).toMatchObject({ status: 'limitReached', limit: 'depth', depth: 2, distinctStates: 69, transitions: 113 });
    expect(result.bytesPerState).toBeLessThan(40);
  });

  it('stops at a state budget, saying how deep it had verified', () => {
    const result = exploreSupernodes(system, { statesMax: 50 });
    expect(result).toMatchObject({ status: 'limitReached', limit: 'states', depth: 1, distinctStates: 50 });
  });

  it('stops at a time budget', () => {
    let clock = 0;
    const result = exploreSupernodes(system, { timeMaxMs: 50, now: () => clock++ });
    expect(result).toMatchObject({ status: 'limitReached', limit: 'time' });
    expect(result.distinctStates).toBeGreaterThan(0);
  });

  it('stops at the time budget inside a state’s quiet phase, not after it', () => {
    // The clock is read before every step of a quiet phase: 200 reads are 80 calls of the
    // algorithm's plan, the settle phase's 30 among them, and the search stops inside a quiet phase
    // of depth 1.
    // (When only transitions read it, 200 reads went 2 levels deep, through 8,081 calls.)
    const steps = (timeMaxMs: number) => {
      let clock = 0;
      let calls = 0;
      const plan = (...args: Parameters<typeof healing.plan>) => {
        calls++;
        return healing.plan(...args);
      };
      const counted = { ...healing, plan };
      const result = exploreSupernodes({ config: tiny, algorithm: counted }, { timeMaxMs, now: () => clock++ });
      return { status: result.status, depth: result.depth, calls };
    };
    expect(steps(200)).toEqual({ status: 'limitReached', depth: 0, calls: 80 });
  });
});
