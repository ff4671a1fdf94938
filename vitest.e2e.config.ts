import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: packs stormcheck once (cli/e2ePack.ts) and installs the tarball into a fresh
 * project per test file, as a new user would.
 */
export default defineConfig({
  test: {
    include: ['**/*.pack.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['cli/e2ePack.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Two cores, shared: each file runs its own npm installs and searches.
    maxWorkers: 2,
  },
});
