import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // values.test.ts parses every source with the TypeScript compiler: 9 s once while CI shared the
    // 2 cores with other builds, past vitest's 5 s default.
    testTimeout: 30_000,
  },
});
