import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['model/**/*.test.ts', 'algorithms/**/*.test.ts', 'properties/**/*.test.ts', 'checker/**/*.test.ts', 'report/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
