import { defineConfig } from 'vitest/config';

// Browser tests: the built API (serving the built web app) on a random port, driven by Chromium.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
