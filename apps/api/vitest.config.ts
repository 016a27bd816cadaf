import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest needs decorator metadata for injection; esbuild does not emit it, swc does.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    // A beforeAll that boots an app on PGlite takes 2 s idle but over a minute when the 2 cores are
    // also building or running browsers (test/support/app.ts BOOT_TIMEOUT_MS).
    hookTimeout: 180_000,
    testTimeout: 30_000,
    // Integration files each boot an app; two at a time fits this 2-core machine.
    maxWorkers: 2,
  },
});
