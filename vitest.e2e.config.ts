import { defineConfig } from 'vitest/config';

/** `npm run test:e2e`: packs stormcheck and installs it into a fresh project, as a new user would. */
export default defineConfig({
  test: {
    include: ['**/*.pack.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
