// `stormcheck explore` proves a whole configuration at its fixpoint, completes levels to a cap, stores a shortest counterexample when one
// exists, searches the alphabet `--events` and `--spikes` give and says so, and refuses a bad
// depth, event kind or spike level in one line with exit 2.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presets } from '../model/index.ts';
import { runCli, writeHealingVariant } from './captured.ts';

const tinyConfig = (() => {
  const config = presets.tiny?.config;
  if (config === undefined) throw new Error('the tiny preset is missing');
  return config;
})();

const dir = mkdtempSync(join(tmpdir(), 'stormcheck-explore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stormcheck explore', () => {
  it('completes healing on tiny to a depth cap, and says what the deepest complete level means', async () => {
    const { code, out } = await runCli(['explore', '--algorithm', 'healing', '--depth-max', '2', '--json', '--no-progress']);
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ status: 'depthComplete', depth: 2, distinctStates: 69, transitions: 113 });
    const text = await runCli(['explore', '--algorithm', 'healing', '--depth-max', '2']);
    expect(text.out[0]?.split('\n')[0]).toBe(
      'depth 2 complete: every interleaving of up to 2 disruption events and every random choice holds (healing on tiny); --depth-max stopped the search there, deeper ones were not explored',
    );
  });

  it('proves a whole configuration: tiny cut to one user, every reachable state under healing', async () => {
    const preset = join(dir, 'tiny-one-user.json');
    writeFileSync(preset, JSON.stringify({ ...tinyConfig, name: 'tiny-one-user', nodes: tinyConfig.nodes.slice(0, 2) }));
    const { code, out } = await runCli(['explore', '--algorithm', 'healing', '--preset', preset, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ status: 'fixpoint', distinctStates: 186, transitions: 694, depth: 9 });
    const text = await runCli(['explore', '--algorithm', 'healing', '--preset', preset]);
    expect(text.out[0]?.split('\n')[0]).toBe(`every reachable state: 186 states, all properties hold (healing on ${preset})`);
  });

  it('finds the shortest ghost-capacity trace and stores it', async () => {
    const out = join(dir, 'ce');
    const result = await runCli(['explore', '--algorithm', 'b2-ghost-capacity', '--depth-max', '6', '--json', '--out', out]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.out[0] ?? '');
    expect(json).toMatchObject({ status: 'violated', depth: 1, counterexample: { property: 'capacity-accounting', step: 3 } });
    expect(json.counterexample.events.map((e: { kind: string }) => e.kind)).toEqual(['reboot', 'quiet', 'tick']);
    expect(readdirSync(out)).toEqual([json.counterexample.file.split('/').at(-1)]);
  });

  it('finds B3 shutting down over ticks and spikes alone, with the no-self-shutdown lint named', async () => {
    const argv = ['explore', '--algorithm', 'b3-shutdown-cascade', '--property', 'no-self-shutdown', '--depth-max', '8'];
    const result = await runCli([...argv, '--events', 'tick,usageSpike', '--json', '--out', join(dir, 'b3')]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out[0] ?? '')).toMatchObject({
      status: 'violated',
      eventKinds: ['tick', 'usageSpike'],
      depth: 2,
      distinctStates: 2,
      counterexample: { property: 'no-self-shutdown' },
    });
    const text = await runCli([...argv, '--events', 'tick,usageSpike', '--spikes', '300', '--depth-max', '1', '--out', join(dir, 'b3')]);
    expect(text.out.at(-1)).toMatch(
      /^depth 1 complete: every interleaving of up to 1 disruption events over tick, usageSpike; spikes to 300% and every random choice holds \(b3-shutdown-cascade on tiny\)/,
    );
  });

  it("stops at its 'choices' limit on a step with more than 65,536 resolutions of its random choices (exit 3), on workers too", async () => {
    // Every host-cache refresh tosses 17 coins first: 131,072 resolutions of one step.
    const module = writeHealingVariant(
      join(dir, 'seventeen-coins.ts'),
      "name: 'seventeen-coins', refreshHostCache: (view, node, supernode, random) => { for (let k = 0; k < 17; k++) random.int(2); return healing.refreshHostCache(view, node, supernode, random); }",
    );
    const verdict =
      'choices limit reached: a step at depth 1 has more than 65,536 resolutions of its random choices to enumerate; every interleaving of up to 0 disruption events over tick, reboot and every random choice holds (seventeen-coins on tiny); deeper ones were not explored';
    // With two workers the limit is met in a worker's quiet phase, and its ChoiceLimit comes back as one.
    for (const workers of ['1', '2']) {
      const { code, out } = await runCli([
        'explore',
        '--algorithm',
        module,
        '--depth-max',
        '3',
        '--events',
        'tick,reboot',
        '--no-progress',
        '--workers',
        workers,
      ]);
      expect({ code, verdict: out[0]?.split('\n')[0] }).toEqual({ code: 3, verdict });
    }
  });

  it('rejects an event kind outside the alphabet and a spike level out of range', async () => {
    const storm = await runCli(['explore', '--events', 'tick,patchStorm']);
    expect(storm).toMatchObject({ code: 2 });
    expect(storm.err).toEqual([
      "stormcheck: option '--events <kinds>' argument 'tick,patchStorm' is invalid. 'patchStorm' is not an event kind of the explorer's alphabet (tick, reboot, login, logout, crash, usageSpike, addMega)",
    ]);
    const spike = await runCli(['explore', '--spikes', '200,900']);
    expect(spike.err).toEqual([
      "stormcheck: option '--spikes <percents>' argument '200,900' is invalid. '900' is not an integer percent from 100 to 800",
    ]);
  });

  it('rejects a depth that is not a positive integer', async () => {
    const { code, err } = await runCli(['explore', '--depth-max', '0']);
    expect(code).toBe(2);
    expect(err).toEqual(["stormcheck: option '--depth-max <n>' argument '0' is invalid. '0' is not a positive integer"]);
  });
});
