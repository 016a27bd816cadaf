import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest needs decorator metadata for injection; esbuild does not emit it, swc does.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    // Integration files each boot an app; two at a time fits this 2-core machine.
    maxWorkers: 2,
    // Generous for unit specs too: argon2 hashing is slow when the 2 cores are busy.
    testTimeout: 30_000,
    projects: [
      {
        // Colocated specs: one object with its collaborators mocked, no database, no app.
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts'],
          // Runs first, so its answer does not wait behind the app boots.
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The whole app on a random port over PGlite, and over Postgres + Redis when they are set.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          // A beforeAll that boots an app on PGlite takes 2 s idle but over a minute when the 2
          // cores are also building or running browsers (test/support/app.ts BOOT_TIMEOUT_MS).
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
