import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the HTML report opened in a real headless Chromium. Kept out of `npm test`
 * because it needs /usr/bin/chromium (`.ci/browser-setup` installs it) and takes seconds, not milliseconds.
 */
export default defineConfig({
  test: {
    include: ['report/browser/*.browser.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
