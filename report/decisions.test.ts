/**
 * Proves that the decisions a replay records are the model's own and cost the run nothing: the
 * probes of a shipped counterexample, each with its outcome (refused by admit, unanswered for want
 * of work), come out exactly, aligned with the states, and recording changes no state.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { b1UptimeGated } from '../algorithms/index.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { propertyNamed } from '../properties/registry.ts';
import { runTrace } from '../properties/run.ts';
import { renderStep } from './renderStep.ts';

const record = loadCounterexample(
  join(import.meta.dirname, '..', 'counterexamples', 'bounded-reconnection--b1-uptime-gated--6502c964.json'),
);
const outcome = replayCounterexample(record, b1UptimeGated, null);

describe('decisions recorded as the replay runs', () => {
  it('names who probed whom and why a probe failed, one list per state', () => {
    expect(outcome.decisions).toHaveLength(outcome.states.length);
    expect(outcome.decisions[5]).toEqual([
      { kind: 'probe', node: 3, target: 0, outcome: 'refused' },
      { kind: 'probe', node: 4, target: 0, outcome: 'unanswered' },
    ]);
    expect(renderStep(record, outcome, 5).split('\n').slice(1, 4)).toEqual([
      'decisions:',
      '  node 3 (user 2) probed node 0 (bootstrap): answered, and admit said no',
      '  node 4 (user 3) probed node 0 (bootstrap): no work left this tick to answer (a failed attempt)',
    ]);
  });

  it('changes no state: the same run without a recorder gives the same states', () => {
    const property = propertyNamed(record.property);
    if (property === undefined) throw new Error('unknown property');
    const plain = runTrace({ config: record.config, algorithm: b1UptimeGated }, record.events, [property], record.settleTicks);
    expect(plain.states).toEqual(outcome.states);
    expect(plain.decisions).toEqual([[]]);
  });
});
