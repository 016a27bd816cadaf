import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite boots in ~2 s alone and over 10 s when turbo runs other tasks beside it.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
