// Proves that a cloned network keeps its preset's mix and parameters, that cloning to the preset's
// own size gives the preset back, and that the schema takes an outage scenario cloned to 10^4 nodes.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../corpus/schema.ts';
import { presets } from './presets.ts';
import { scaled } from './scale.ts';

const base = presets.default?.config;
if (base === undefined) throw new Error('the default preset is missing');

function kinds(config: typeof base): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of config.nodes) out[spec.kind] = (out[spec.kind] ?? 0) + 1;
  return out;
}

describe('scaled', () => {
  it('gives the preset back, but for its name, at the preset’s own size', () => {
    expect(scaled(base, base.nodes.length)).toEqual({ ...base, name: 'default-36' });
  });

  it('keeps each kind’s share, the order of kinds, and grows the login rate with the network', () => {
    const big = scaled(base, 4096);
    expect(big.nodes).toHaveLength(4096);
    expect(kinds(big)).toEqual({ bootstrap: 228, user: 3413, mega: 455 });
    expect(big.loginRate).toBe(341);
    // Users cycle through the preset's thirty, starting after the 228 bootstraps.
    expect(big.nodes.slice(228, 228 + 60)).toEqual([...base.nodes.slice(2, 32), ...base.nodes.slice(2, 32)]);
    expect({ ...big, nodes: [], loginRate: 0, name: '' }).toEqual({ ...base, nodes: [], loginRate: 0, name: '' });
  });

  it('keeps at least one node of every kind the preset has when cut down', () => {
    expect(kinds(scaled(base, 4))).toEqual({ bootstrap: 1, user: 2, mega: 1 });
  });

  it('refuses a size that leaves no user, or is not a whole number', () => {
    expect(() => scaled(base, 2)).toThrow('scaled: 2 nodes leave no room for a user');
    expect(() => scaled(base, 100.5)).toThrow('scaled: 100.5 nodes leave no room for a user');
  });

  it('makes outage scenarios the schema accepts at 10^4 nodes, and no more', () => {
    for (const name of ['patch-tuesday-2007', 'client-crash-2010']) {
      const config = presets[name]?.config;
      if (config === undefined) throw new Error(`the ${name} preset is missing`);
      expect(configSchema.safeParse(scaled(config, 10_000)).success).toBe(true);
      expect(configSchema.safeParse(scaled(config, 10_001)).success).toBe(false);
    }
  });
});
