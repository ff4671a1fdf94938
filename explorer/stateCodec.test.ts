// A packed state is the state: decoding what was encoded gives back every state the search reaches
// within 4 events of tiny, under every built-in, field for field and in field order; the key words
// tell two states apart exactly when they differ in something but the absolute tick; the
// algorithm's memory, any JSON value, comes back exactly, its object fields sorted; and a value
// that does not fit a 32-bit word is refused, naming the field, rather than wrapped.
import { describe, expect, it } from 'vitest';
import { builtIns, healing } from '../algorithms/index.ts';
import { type Json, presets, type State } from '../model/index.ts';
import { readJson, writeJson } from './jsonWords.ts';
import { stateCodec } from './stateCodec.ts';
import { statesWithin } from './statesWithin.ts';
import { supernodeModel } from './supernodeModel.ts';
import { WordReader, WordWriter } from './words.ts';

const tiny = presets.tiny?.config;
if (tiny === undefined) throw new Error('the tiny preset is missing');
const codec = stateCodec(tiny);

function roundTrip(state: State): State {
  const words = new WordWriter();
  codec.encode(state, words);
  return codec.decode(words.words, 0, words.length);
}

function keyOf(state: State): string {
  const words = new WordWriter();
  codec.encode(state, words);
  return words.words.subarray(codec.keyStart, words.length).join(',');
}

describe('a packed supernode state', () => {
  for (const { algorithm } of builtIns) {
    it(`decodes to the state it encoded, for every state within 4 events under ${algorithm.name}`, () => {
      const states = statesWithin(supernodeModel({ config: tiny, algorithm }, { properties: [], start: 'cold' }), 4);
      expect(states.length).toBeGreaterThan(1600);
      for (const state of states) expect(JSON.stringify(roundTrip(state))).toBe(JSON.stringify(state));
    });
  }

  it('keys apart exactly the states that differ in more than the absolute tick', () => {
    const states = statesWithin(supernodeModel({ config: tiny, algorithm: healing }, { properties: [], start: 'cold' }), 4);
    const late = states.map((s) => ({ ...s, tick: s.tick + 100, quietSince: s.quietSince < 0 ? -1 : s.quietSince + 100 }));
    expect(new Set([...states, ...late].map(keyOf)).size).toBe(2918);
    const violated: State = { ...(states[0] as State), violation: { rule: 'r', message: 'm', tick: 3, nodes: [] } };
    expect(keyOf({ ...violated, violation: { rule: 'r', message: 'm', tick: 9, nodes: [] } })).toBe(keyOf(violated));
    expect(keyOf(violated)).not.toBe(keyOf(states[0] as State));
  });

  it('keeps a contract violation, its tick included', () => {
    const state = statesWithin(supernodeModel({ config: tiny, algorithm: healing }, { start: 'cold' }), 0)[0] as State;
    const violated: State = { ...state, tick: 5, violation: { rule: 'admit', message: 'ünïcode ✓', tick: 4, nodes: [1, 2] as never } };
    expect(roundTrip(violated)).toEqual(violated);
  });

  it('refuses a field that does not fit a 32-bit word, by name', () => {
    const state = statesWithin(supernodeModel({ config: tiny, algorithm: healing }, { start: 'cold' }), 0)[0] as State;
    expect(() => roundTrip({ ...state, belief: { supernodes: 2 ** 33, freeSlots: 0 } })).toThrow(
      'stormcheck internal error: belief.supernodes is 8589934592, which does not fit a packed 32-bit word',
    );
    expect(() => roundTrip({ ...state, usagePercent: 1.5 })).toThrow('usagePercent is 1.5');
  });
});

describe('JSON as words', () => {
  const cases: readonly Json[] = [
    null,
    true,
    false,
    0,
    -1,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    0.1,
    -0.5e-300,
    Number.MAX_SAFE_INTEGER,
    '',
    'ünïcode ✓ 𝄞',
    [],
    [[1, 2], [3, [4, null]], 'x'],
    { b: 1, a: { d: [true], c: 'z' } },
  ];
  for (const value of cases) {
    it(`gives back ${JSON.stringify(value)}`, () => {
      const words = new WordWriter();
      writeJson(words, value);
      const reader = new WordReader(words.words);
      expect(readJson(reader)).toEqual(value);
      expect(reader.position).toBe(words.length);
    });
  }

  it('writes object fields sorted, so field order does not change the words', () => {
    const packed = (value: Json) => {
      const words = new WordWriter();
      writeJson(words, value);
      return Array.from(words.words.subarray(0, words.length));
    };
    expect(packed({ b: 1, a: [2, { d: 4, c: 3 }] })).toEqual(packed({ a: [2, { c: 3, d: 4 }], b: 1 }));
    expect(packed({ a: 1 })).not.toEqual(packed([['a', 1]]));
    expect(packed(-0)).not.toEqual(packed(0));
  });

  it('reads a "__proto__" field back as an own field, as JSON.parse does', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}') as Json;
    const words = new WordWriter();
    writeJson(words, value);
    const back = readJson(new WordReader(words.words)) as Record<string, unknown>;
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });
});
