// The shedding blocks act on overload as the model measures it (work past the limit), not on the
// load rounded down to a whole percent: a supernode 1 of 300 units over its limit serves no one, and
// a policy that let it keep its child would leave that child unserved for good.
import { describe, expect, it } from 'vitest';
import { isOverloaded, loadPercent } from '../model/index.ts';
import { connecting, node, ordinary, saturated, supernode, testConfig, testState, U1, U3 } from '../model/testing.ts';
import { dropExcess, shutDownWhenOverloaded } from './parts.ts';

const config = testConfig();
// U1 (capacity 2) serves U3 on a day of 301% traffic: 301 units of work against the 300 it can do.
const state = testState(
  [saturated(supernode([])), saturated(supernode([U3])), saturated(connecting), saturated(ordinary(U1)), node({ kind: 'offline' })],
  { usagePercent: 301 },
);

describe('shedding on overload', () => {
  it('measures the overload that rounding hides', () => {
    expect([loadPercent(config, state, U1), isOverloaded(config, state, U1)]).toEqual([150, true]);
  });

  it('dropExcess drops the child the supernode cannot serve', () => {
    expect(dropExcess({ config, state }, [])).toEqual([{ kind: 'drop', supernode: U1, children: [U3] }]);
  });

  it('shutDownWhenOverloaded shuts the user supernode down', () => {
    expect(shutDownWhenOverloaded({ config, state }, [])).toEqual([{ kind: 'shutdown', supernode: U1 }]);
  });
});
