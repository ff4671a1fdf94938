/**
 * Proves that a store's one line tells the three cases apart: a new file, a counterexample the
 * project already ships (a fresh clone's first run finds those), and one an earlier run stored.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedWording } from './store.ts';

const shipped = join(import.meta.dirname, '..', 'counterexamples', 'capacity--canary--d22de560.json');

describe('storedWording', () => {
  it('says wrote, shipped, or stored by an earlier run', () => {
    expect(storedWording({ path: '/tmp/out/a.json', written: true })).toBe('wrote /tmp/out/a.json');
    expect(storedWording({ path: shipped, written: false })).toBe(
      `already in the corpus shipped with stormcheck, nothing new written: ${shipped}`,
    );
    expect(storedWording({ path: '/tmp/out/a.json', written: false })).toBe(
      'already stored by an earlier run, nothing new written: /tmp/out/a.json',
    );
  });
});
