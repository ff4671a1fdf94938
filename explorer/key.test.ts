// The key leaves out the history fields no selected property reads (stateCodec.ts): every property
// of the registry judges every transition within one event of tiny alike whatever those fields
// hold, so leaving them out of the key moves no verdict; and a search keys exactly the fields its
// properties declare.
import { describe, expect, it } from 'vitest';
import { builtIns } from '../algorithms/index.ts';
import { presets, type State } from '../model/index.ts';
import type { HistoryField } from '../properties/property.ts';
import { properties, selectProperties } from '../properties/registry.ts';
import { historyFields, historyRead, stateCodec } from './stateCodec.ts';
import { statesWithin } from './statesWithin.ts';
import { supernodeModel } from './supernodeModel.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');

/** `state` with every history field outside `kept` set to a value no run produces. */
function scrambled(state: State, kept: ReadonlySet<HistoryField>): State {
  const odd = { supernodes: 97, freeSlots: 89 };
  const lastTick = { ...state.lastTick };
  for (const field of historyFields) if (!kept.has(field) && field !== 'belief' && field !== 'capacityAtPlan') lastTick[field] = 83;
  return {
    ...state,
    lastTick,
    belief: kept.has('belief') ? state.belief : odd,
    capacityAtPlan: kept.has('capacityAtPlan') ? state.capacityAtPlan : odd,
  };
}

describe('the history fields left out of the key', () => {
  it('change no verdict of any property that does not declare them, on every transition within one event', () => {
    let judged = 0;
    for (const { algorithm } of builtIns) {
      const system = { config: tiny, algorithm };
      const model = supernodeModel(system, { properties: [], start: 'cold' });
      for (const before of statesWithin(model, 1)) {
        for (const branch of model.actions(before)) {
          const after = model.next(before, branch);
          for (const property of properties) {
            const kept = historyRead([property]);
            const verdict = (b: State, a: State) =>
              property.check({ config: tiny, before: b, event: branch.event, after: a })?.message ?? null;
            expect(verdict(scrambled(before, kept), scrambled(after, kept)), `${algorithm.name}, ${property.name}`).toBe(
              verdict(before, after),
            );
            judged++;
          }
        }
      }
    }
    expect(judged).toBeGreaterThan(1_000);
  });

  it('are keyed when a selected property reads them, and only then', () => {
    expect([...historyRead(selectProperties(['capacity-accounting', 'login-rate']))].sort()).toEqual([
      'belief',
      'capacityAtPlan',
      'logins',
    ]);
    expect(historyRead(selectProperties(['capacity', 'bounded-reconnection'])).size).toBe(0);
    // Each history field left out is a word of the header rather than of the key.
    expect(stateCodec(tiny, false, new Set()).keyStart - stateCodec(tiny).keyStart).toBe(10);
  });
});
