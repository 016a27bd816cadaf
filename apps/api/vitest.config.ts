import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest needs decorator metadata for injection; esbuild does not emit it, swc does.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    hookTimeout: 60_000,
    testTimeout: 30_000,
    // Integration files each boot an app; two at a time fits this 2-core machine.
    maxWorkers: 2,
  },
});
