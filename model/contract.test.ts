// Proves that each rule of the algorithm contract (contract.ts) catches a stub making exactly that
// mistake: the model records the first violation with its rule, message, tick and the nodes the
// decision was about, does not apply the refused decision, and does not throw.
import { describe, expect, it } from 'vitest';
import type { AllocationAlgorithm, TickPlan } from './algorithm.ts';
import type { ContractRule } from './contract.ts';
import type { NodeIndex } from './ids.ts';
import type { ContractViolation, Json, State } from './state.ts';
import { noCounters } from './state.ts';
import { step } from './step.ts';
import {
  awaiting,
  B,
  connecting,
  idlePlan,
  M,
  node,
  offline,
  ordinary,
  saturated,
  supernode,
  testNodesOf,
  testState,
  testSystem,
  U1,
  U2,
  U3,
  warming,
  withNode,
} from './testing.ts';

/** Runs one tick and fails the test if the model throws instead of recording the violation. */
function tickWith(overrides: Partial<AllocationAlgorithm>, state: State): State {
  let next = state;
  expect(() => {
    next = step(testSystem(overrides), state, { kind: 'tick' });
  }).not.toThrow();
  return next;
}

function violation(rule: ContractRule, message: string, nodes: readonly NodeIndex[] = []): ContractViolation {
  return { rule, message, tick: 1, nodes };
}

const idle = node(offline, { uptime: 5 });

/** U2 and U3 both probe in the first tick, so a stub's mistake is made twice and only the first counts. */
const probing = testState([
  saturated(supernode([U1])),
  saturated(ordinary(B), { hostCache: [B] }),
  saturated(connecting),
  saturated(connecting),
  idle,
]);

/** Nobody probes in the first tick (retries are 3 ticks off), so only the plan acts. */
const planning = testState([
  saturated(supernode([U1])),
  saturated(ordinary(B), { hostCache: [B] }),
  saturated(connecting, { retryTicks: 3 }),
  saturated(connecting, { retryTicks: 3 }),
  idle,
]);

const probingNodes = testNodesOf(probing);
const planningNodes = testNodesOf(planning);

const failedOnce = saturated(connecting, { attempt: 1, retryTicks: 2, retryDelay: 2 });
const stillWaiting = saturated(connecting, { retryTicks: 2 });

function plans(plan: Partial<TickPlan>): Partial<AllocationAlgorithm> {
  return { plan: () => idlePlan(plan) };
}

interface Case {
  readonly rule: ContractRule;
  readonly mistake: string;
  readonly algorithm: Partial<AllocationAlgorithm>;
  readonly before: State;
  readonly after: State;
}

const cases: readonly Case[] = [
  {
    rule: 'algorithm-threw',
    mistake: 'chooseSupernode throws',
    algorithm: {
      chooseSupernode: (_view, i) => {
        throw new Error(`no candidate for node ${i}`);
      },
    },
    before: probing,
    // A choice that threw is no choice: nothing is sent, so neither attempt counts as a probe.
    after: testState([saturated(supernode([U1])), probingNodes[U1]!, failedOnce, failedOnce, idle], {
      tick: 1,
      capacityAtPlan: { supernodes: 1, freeSlots: 1 },
      violation: violation('algorithm-threw', 'stub.chooseSupernode threw: no candidate for node 2'),
    }),
  },
  {
    rule: 'choose-unknown-node',
    mistake: 'chooseSupernode names a live supernode that is neither cached nor a bootstrap',
    algorithm: { chooseSupernode: () => M },
    before: withNode(probing, M, saturated(supernode([]))),
    // The refused choice is skipped whole: nothing is sent, so neither attempt counts as a probe.
    after: testState([saturated(supernode([U1])), probingNodes[U1]!, failedOnce, failedOnce, saturated(supernode([]))], {
      tick: 1,
      capacityAtPlan: { supernodes: 2, freeSlots: 5 },
      violation: violation(
        'choose-unknown-node',
        'stub.chooseSupernode for node 2 returned 4, which is neither in its host cache nor a bootstrap node',
        [U2],
      ),
    }),
  },
  {
    rule: 'admit-not-boolean',
    mistake: 'admit answers a string',
    algorithm: { admit: () => 'yes' as unknown as boolean },
    before: probing,
    after: testState(
      [
        saturated(supernode([U1])),
        probingNodes[U1]!,
        saturated(connecting, { hostCache: [B], attempt: 1, retryTicks: 2, retryDelay: 2 }),
        saturated(connecting, { hostCache: [B], attempt: 1, retryTicks: 2, retryDelay: 2 }),
        idle,
      ],
      {
        tick: 1,
        capacityAtPlan: { supernodes: 1, freeSlots: 1 },
        lastTick: { ...noCounters, probes: 2 },
        violation: violation('admit-not-boolean', 'stub.admit returned "yes", not a boolean', [B, U2]),
      },
    ),
  },
  {
    rule: 'retry-delay-out-of-range',
    mistake: 'retryDelay asks to retry at once (0), then too late (99)',
    algorithm: { chooseSupernode: () => null, retryDelay: (_view, i) => (i === U2 ? 0 : 99) },
    before: probing,
    after: testState(
      [
        saturated(supernode([U1])),
        probingNodes[U1]!,
        saturated(connecting, { attempt: 1, retryTicks: 4, retryDelay: 4 }),
        saturated(connecting, { attempt: 1, retryTicks: 4, retryDelay: 4 }),
        idle,
      ],
      {
        tick: 1,
        capacityAtPlan: { supernodes: 1, freeSlots: 1 },
        // Choosing no supernode sends nothing: a failed attempt, not a probe.
        violation: violation('retry-delay-out-of-range', 'stub.retryDelay for node 2: 0 is not an integer from 1 to backoffCapTicks 4', [
          U2,
        ]),
      },
    ),
  },
  {
    rule: 'host-cache-invalid',
    mistake: 'refreshHostCache puts the node in its own cache; the cache is kept and the probe goes on',
    algorithm: { refreshHostCache: (_view, i, s) => [s, i] },
    before: probing,
    after: testState([saturated(supernode([U1, U2, U3])), probingNodes[U1]!, saturated(awaiting(B, 2)), saturated(awaiting(B, 2)), idle], {
      tick: 1,
      loginQueue: [U2, U3],
      capacityAtPlan: { supernodes: 1, freeSlots: 0 },
      lastTick: { ...noCounters, probes: 2, admissions: 2 },
      violation: violation('host-cache-invalid', 'stub.refreshHostCache for node 2 contains the node itself (2)', [U2]),
    }),
  },
  {
    rule: 'plan-malformed',
    mistake: 'plan returns promote as a string; none of the plan, not even its belief or memory, is applied',
    algorithm: plans({ belief: { supernodes: 9, freeSlots: 9 }, memory: 'changed', promote: 'U2' as unknown as NodeIndex[] }),
    before: planning,
    after: testState([...planningNodes.slice(0, U2), stillWaiting, stillWaiting, idle], {
      tick: 1,
      violation: violation('plan-malformed', 'stub.plan returned a plan whose promote is not an array'),
    }),
  },
  {
    rule: 'promote-ineligible',
    mistake: 'plan promotes a node behind NAT and the bootstrap; the valid promotion after them still happens',
    algorithm: plans({ promote: [U3, B, U2] }),
    before: planning,
    after: testState([...planningNodes.slice(0, U2), saturated(warming([], 2)), stillWaiting, idle], {
      tick: 1,
      capacityAtPlan: { supernodes: 1, freeSlots: 1 },
      violation: violation('promote-ineligible', 'stub.plan: cannot promote node 3 has no public address', [U3]),
    }),
  },
  {
    rule: 'demote-not-supernode',
    mistake: 'plan demotes an ordinary node and the bootstrap',
    algorithm: plans({ demote: [U1, B] }),
    before: planning,
    after: testState([...planningNodes.slice(0, U2), stillWaiting, stillWaiting, idle], {
      tick: 1,
      capacityAtPlan: { supernodes: 1, freeSlots: 1 },
      violation: violation('demote-not-supernode', 'stub.plan: cannot demote 1: not a user supernode', [U1]),
    }),
  },
  {
    rule: 'shed-invalid',
    mistake: 'plan shuts the bootstrap down, then sheds at an ordinary node',
    algorithm: plans({
      shed: [
        { kind: 'shutdown', supernode: B },
        { kind: 'drop', supernode: U1, children: [] },
      ],
    }),
    before: planning,
    after: testState([...planningNodes.slice(0, U2), stillWaiting, stillWaiting, idle], {
      tick: 1,
      capacityAtPlan: { supernodes: 1, freeSlots: 1 },
      violation: violation('shed-invalid', 'stub.plan: operator node 0 cannot shut itself down', [B]),
    }),
  },
];

describe('the algorithm contract', () => {
  it('has a case here for every rule', () => {
    const rules: readonly ContractRule[] = [
      'algorithm-threw',
      'choose-unknown-node',
      'admit-not-boolean',
      'retry-delay-out-of-range',
      'host-cache-invalid',
      'plan-malformed',
      'promote-ineligible',
      'demote-not-supernode',
      'shed-invalid',
    ];
    expect(cases.map((c) => c.rule)).toEqual(rules);
  });

  for (const c of cases) {
    it(`${c.rule}: ${c.mistake}`, () => {
      expect(tickWith(c.algorithm, c.before)).toEqual(c.after);
    });
  }

  it.each(cases)('$rule: an earlier violation is kept', (c) => {
    const earlier: ContractViolation = { rule: 'algorithm-threw', message: 'earlier', tick: 0, nodes: [] };
    expect(tickWith(c.algorithm, { ...c.before, violation: earlier }).violation).toEqual(earlier);
  });
});

describe('contract fixes (once known model bugs)', () => {
  // Was a bug: `shed` checked a drop's children one at a time while applying it, so a drop naming a
  // real child and then a stranger dropped the real child before refusing the stranger. A drop is
  // now checked whole before any child leaves.
  it('shed-invalid: a drop that names a non-child is refused as a whole', () => {
    const next = tickWith(plans({ shed: [{ kind: 'drop', supernode: B, children: [U1, U3] }] }), planning);
    expect(next).toEqual(
      testState([...planningNodes.slice(0, U2), stillWaiting, stillWaiting, idle], {
        tick: 1,
        capacityAtPlan: { supernodes: 1, freeSlots: 1 },
        violation: violation('shed-invalid', 'stub.plan: node 3 is not a child of 0', [B]),
      }),
    );
  });

  // Was a bug: a plan that *returned* null was taken for one that threw and silently skipped.
  it('plan-malformed: a plan that returns null is reported, and none of it is applied', () => {
    const next = tickWith({ plan: () => null as unknown as TickPlan }, planning);
    expect(next).toEqual(
      testState([...planningNodes.slice(0, U2), stillWaiting, stillWaiting, idle], {
        tick: 1,
        violation: violation('plan-malformed', 'stub.plan returned a plan whose value null is not an object'),
      }),
    );
  });

  // Was a bug: State is plain JSON and TickPlan.memory "must be JSON", but only undefined was refused,
  // so NaN was stored and the state no longer survived a JSON round trip.
  it.each([Number.NaN, Number.POSITIVE_INFINITY, [1, Number.NEGATIVE_INFINITY]])(
    'plan-malformed: memory that is not JSON (%s) is refused, and none of the plan is applied',
    (memory) => {
      const next = tickWith(plans({ belief: { supernodes: 1, freeSlots: 1 }, memory: memory as Json }), planning);
      expect(next).toEqual(
        testState([...planningNodes.slice(0, U2), stillWaiting, stillWaiting, idle], {
          tick: 1,
          violation: violation(
            'plan-malformed',
            'stub.plan returned a plan whose memory is not JSON (use null for none; numbers must be finite)',
          ),
        }),
      );
    },
  );
});
