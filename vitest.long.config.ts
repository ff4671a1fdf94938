import { defineConfig } from 'vitest/config';

/** `npm run check:long`: the budgets too large for `npm test`. */
export default defineConfig({
  test: {
    include: ['**/long/*.long.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 1_800_000,
  },
});
