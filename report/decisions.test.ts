/**
 * Proves that the decisions a replay records are the model's own and cost the run nothing: the
 * probes of a shipped counterexample, each with its outcome (refused by admit, unanswered for want
 * of work), come out exactly, aligned with the states, and recording changes no state.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { b4RetryStorm } from '../algorithms/index.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { propertyNamed } from '../properties/registry.ts';
import { runTrace } from '../properties/run.ts';
import { renderStep } from './renderStep.ts';

const record = loadCounterexample(
  join(import.meta.dirname, '..', 'counterexamples', 'retry-storm-subsides--b4-retry-storm--988dda71.json'),
);
const outcome = replayCounterexample(record, b4RetryStorm, null);

describe('decisions recorded as the replay runs', () => {
  it('names who probed whom and why a probe failed, one list per state', () => {
    expect(outcome.decisions).toHaveLength(outcome.states.length);
    expect(outcome.decisions[3]).toEqual([
      { kind: 'probe', node: 3, target: 0, outcome: 'refused' },
      { kind: 'probe', node: 4, target: 0, outcome: 'refused' },
      { kind: 'probe', node: 5, target: 0, outcome: 'refused' },
      { kind: 'probe', node: 6, target: 0, outcome: 'refused' },
      { kind: 'probe', node: 7, target: 0, outcome: 'unanswered' },
    ]);
    expect(renderStep(record, outcome, 3).split('\n').slice(1, 8)).toEqual([
      'decisions:',
      '  node 3 (user 2) probed node 0 (bootstrap): answered, and admit said no',
      '  node 4 (user 3) probed node 0 (bootstrap): answered, and admit said no',
      '  node 5 (user 4) probed node 0 (bootstrap): answered, and admit said no',
      '  node 6 (user 5) probed node 0 (bootstrap): answered, and admit said no',
      '  node 7 (user 6) probed node 0 (bootstrap): no work left this tick to answer (a failed attempt)',
      '  probes 5, admitted 0, log-in attempts 0 (served 0, failed 0), children shed 0, shutdowns 0',
    ]);
  });

  it('changes no state: the same run without a recorder gives the same states', () => {
    const property = propertyNamed(record.property);
    if (property === undefined) throw new Error('unknown property');
    const plain = runTrace({ config: record.config, algorithm: b4RetryStorm }, record.events, [property], record.settleTicks, {
      draws: record.draws,
    });
    expect(plain.states).toEqual(outcome.states);
    expect(plain.decisions).toEqual([[]]);
  });
});
