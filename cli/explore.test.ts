// `stormcheck explore` verifies to the depth asked for, stores a shortest counterexample when one
// exists, and refuses a bad depth in one line with exit 2.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './captured.ts';

const dir = mkdtempSync(join(tmpdir(), 'stormcheck-explore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stormcheck explore', () => {
  it('verifies healing on tiny to depth 3 and says the depth is a bound', async () => {
    const { code, out } = await runCli(['explore', '--algorithm', 'healing', '--depth-max', '3', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({
      status: 'limitReached',
      limit: 'depth',
      depth: 3,
      distinctStates: 336,
      transitions: 622,
    });
  });

  it('finds the shortest ghost-capacity trace and stores it', async () => {
    const out = join(dir, 'ce');
    const result = await runCli(['explore', '--algorithm', 'b2-ghost-capacity', '--depth-max', '6', '--json', '--out', out]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.out[0] ?? '');
    expect(json).toMatchObject({ status: 'violated', depth: 4, counterexample: { property: 'capacity-accounting', step: 6 } });
    expect(json.counterexample.events.map((e: { kind: string }) => e.kind)).toEqual(['tick', 'tick', 'tick', 'reboot', 'quiet', 'tick']);
    expect(readdirSync(out)).toEqual([json.counterexample.file.split('/').at(-1)]);
  });

  it('rejects a depth that is not a positive integer', async () => {
    const { code, err } = await runCli(['explore', '--depth-max', '0']);
    expect(code).toBe(2);
    expect(err).toEqual(["stormcheck: option '--depth-max <n>' argument '0' is invalid. '0' is not a positive integer"]);
  });
});
