import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    setupFiles: ['src/testing/setup.ts'],
    // A first import of the whole embed (ParleyComments.spec) took over 10 s while the API's suites
    // shared the 2 cores; the tests themselves stay fast.
    hookTimeout: 60_000,
  },
});
