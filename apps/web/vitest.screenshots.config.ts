import { defineConfig } from 'vitest/config';

// `pnpm screenshots`: not a test, a camera; the built Parley on a random port, shot by Chromium.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/screenshots.shots.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
