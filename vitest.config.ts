import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'model/**/*.test.ts',
      'algorithms/**/*.test.ts',
      'properties/**/*.test.ts',
      'checker/**/*.test.ts',
      'report/**/*.test.ts',
      'corpus/**/*.test.ts',
      'cli/**/*.test.ts',
      'examples/**/*.test.ts',
      'testing/**/*.test.ts',
      'explorer/**/*.test.ts',
      'reliability/**/*.test.ts',
    ],
    // The long budgets run with `npm run check:long` (vitest.long.config.ts).
    exclude: ['**/long/**', '**/browser/**', '**/*.pack.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    // Setup hooks that find a counterexample (the report suites) run a search too.
    hookTimeout: 120_000,
    // Both cores: the suites are CPU-bound, and vitest would otherwise keep one for itself.
    maxWorkers: 2,
  },
});
