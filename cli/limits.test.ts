// A search cut short by --time-limit says how far it got and exits 3: never a silent pass.
import { expect, it } from 'vitest';
import { runCli } from './captured.ts';

it('check --time-limit ends in exit 3 with the runs it managed', async () => {
  const { code, out } = await runCli([
    'check',
    '--algorithm',
    'healing',
    '--preset',
    'small',
    '--runs',
    '1000000',
    '--seed',
    '1',
    '--time-limit',
    '1',
    '--json',
  ]);
  expect(code).toBe(3);
  const json = JSON.parse(out[0] ?? '');
  expect(json).toMatchObject({ status: 'limitReached', algorithm: 'healing', seed: 1 });
  expect(json.runs).toBeGreaterThan(0);
  expect(json.runs).toBeLessThan(1_000_000);
});
