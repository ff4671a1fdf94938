import { describe, expect, it } from 'vitest';
import { builtIns, healing } from '../algorithms/index.ts';
import { cloneState, freezePlain } from './clone.ts';
import type { StateDraft } from './draft.ts';
import type { Event } from './events.ts';
import { initialState } from './initial.ts';
import { presets } from './presets.ts';
import type { State } from './state.ts';
import { applies, recipe, step } from './step.ts';

const preset = presets['patch-tuesday-2007'];
if (preset === undefined) throw new Error('the patch-tuesday-2007 preset is missing');
const { config } = preset;

/** The states of the 2007 reconstruction under `algorithm`: every role, full caches, a login queue, warm-ups. */
function reconstructionStates(algorithm = healing): State[] {
  const system = { config, algorithm };
  const states = [initialState(config, algorithm)];
  const events: Event[] = [...Array.from({ length: 20 }, (): Event => ({ kind: 'tick' })), ...preset.scenario];
  for (const event of events) states.push(step(system, states.at(-1) as State, event));
  return states;
}

/** One event of every kind, each about the first user or supernode it can name. */
const everyKind: readonly Event[] = [
  { kind: 'tick' },
  { kind: 'reboot', user: 0 },
  { kind: 'login', user: 0 },
  { kind: 'logout', user: 0 },
  { kind: 'crash', supernodes: [0, 1] },
  { kind: 'usageSpike', percent: 200 },
  { kind: 'addMega', count: 1 },
  { kind: 'patchStorm', percent: 50, windowTicks: 3, biasSupernodes: true, offset: 0 },
  { kind: 'quiet' },
];

describe('cloneState', () => {
  const states = reconstructionStates();

  it('gives a state equal to the one it copies, field by field', () => {
    const kinds = new Set(states.flatMap((s) => s.nodes.map((n) => n.role.kind)));
    expect([...kinds].sort()).toEqual(['awaitingLogin', 'booting', 'connecting', 'offline', 'ordinary', 'supernode']);
    for (const state of states) expect(cloneState(state)).toStrictEqual(state);
  });

  it('copies what a step changes in place: the nodes, the children, the clocks, the queue and the memory', () => {
    for (const state of states) {
      const copy = cloneState(state);
      copy.nodes.forEach((node, i) => {
        const was = state.nodes[i];
        expect(node).not.toBe(was);
        if (node.role.kind === 'supernode') expect(node.role).not.toBe(was?.role);
      });
      for (const name of Object.keys(copy.clocks) as (keyof State['clocks'])[]) expect(copy.clocks[name]).not.toBe(state.clocks[name]);
      expect(copy.loginQueue).not.toBe(state.loginQueue);
    }
    const seen = [1, 2];
    const copy = cloneState({ ...(states[0] as State), memory: { seen } });
    expect((copy.memory as { seen: number[] }).seen).not.toBe(seen);
  });

  it('shares only what the recipe replaces whole: every built-in steps a copy of a frozen state through every kind of event', () => {
    let stepped = 0;
    for (const { algorithm } of builtIns) {
      const system = { config, algorithm };
      for (const state of reconstructionStates(algorithm)) {
        freezePlain(state);
        for (const event of everyKind) {
          if (!applies(config, state, event)) continue;
          const copy = cloneState(state);
          // A write into a part shared with the frozen state throws here (modules are strict).
          recipe(system, copy, copy as StateDraft, event);
          expect(copy).toStrictEqual(step(system, state, event));
          stepped++;
        }
      }
    }
    expect(stepped).toBeGreaterThan(1000);
  });
});
