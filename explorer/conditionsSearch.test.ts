// "Why this time": each kind of event a counterexample needs is backed by a bounded search from
// the same settled network over every interleaving of the other kinds. Pinned on the shipped
// skype-2007 counterexample of patch-tuesday-2007, which needs both the spike and the reboot: with
// no reboot the space is finite and every state of it holds; with no spike every interleaving of
// up to 4 reboots and ticks does, within the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmNamed } from '../algorithms/index.ts';
import { type ConditionOfKind, summaryOf } from '../properties/conditions.ts';
import { propertyNamed } from '../properties/registry.ts';
import { conditionsSearchBudget, searchedConditions } from './conditionsSearch.ts';

function conditionsOf(file: string, budget = conditionsSearchBudget) {
  const stored = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'counterexamples', file), 'utf8'));
  const algorithm = algorithmNamed(stored.algorithm.name);
  const property = propertyNamed(stored.property);
  if (algorithm === undefined || property === undefined) throw new Error(`${file} names no built-in or no property`);
  return searchedConditions({ config: stored.config, algorithm, property, settleTicks: stored.settleTicks, events: stored.events }, budget);
}

describe('the necessary conditions, searched', () => {
  it('skype-2007 on patch-tuesday-2007 needs the spike and the reboot, and a search without either finds no break', () => {
    expect(conditionsOf('bounded-reconnection--skype-2007--62db1294.json')).toEqual({
      kinds: [
        { kind: 'usageSpike', needed: true, searched: { status: 'depth', depth: 4, states: 300 } },
        { kind: 'reboots', needed: true, searched: { status: 'everyState', depth: 1, states: 2 } },
      ],
      summary:
        'needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 4 events holds (300 states); without reboots, all 2 reachable states hold)',
    });
  });

  it('goes as deep as its budget in states allows, and no deeper than its depth', () => {
    const [spike] = conditionsOf('bounded-reconnection--skype-2007--62db1294.json', { ...conditionsSearchBudget, statesMax: 40 }).kinds;
    expect(spike?.searched).toEqual({ status: 'depth', depth: 2, states: 40 });
    const [spikeOnSmall] = conditionsOf('bounded-reconnection--skype-2007--9a0abcd7.json', {
      ...conditionsSearchBudget,
      depthMax: 2,
    }).kinds;
    expect(spikeOnSmall).toEqual({ kind: 'usageSpike', needed: true, searched: { status: 'depth', depth: 2, states: 6 } });
  });

  it('searches only for the kinds the trace needs', () => {
    expect(conditionsOf('capacity-accounting--b2-ghost-capacity--4c95ef6f.json').kinds).toEqual([
      { kind: 'reboots', needed: true, searched: { status: 'everyState', depth: 0, states: 1 } },
    ]);
    expect(conditionsOf('capacity--canary--d22de560.json').kinds).toEqual([]);
  });

  it('says when another trace without the kind breaks the property all the same', () => {
    const kinds: ConditionOfKind[] = [
      { kind: 'reboots', needed: true, searched: { status: 'breaks', depth: 3, states: 120 } },
      { kind: 'login', needed: false },
    ];
    expect(summaryOf(kinds)).toBe(
      'needs reboots: the property holds without it (searched: without reboots, another trace breaks it all the same, in 3 events); logins is not needed',
    );
  });

  it('says when the budget ran out before one whole level, rather than "up to 0 events"', () => {
    for (const depth of [-1, 0]) {
      expect(summaryOf([{ kind: 'reboots', needed: true, searched: { status: 'depth', depth, states: 3 } }])).toBe(
        'needs reboots: the property holds without it (searched: without reboots, the budget ran out before every trace of one event was checked (3 states))',
      );
    }
  });
});
