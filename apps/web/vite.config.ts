import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { withoutIcuParser } from './vite.shared.js';

const api = process.env.PARLEY_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: withoutIcuParser },
  server: {
    port: 5173,
    // The Host header stays the page's, so the API's same-origin check accepts dev mutations.
    proxy: {
      '/api': { target: api },
      '/socket.io': { target: api, ws: true },
      '/locales': { target: api },
    },
  },
  // No source maps in the production build (they would publish the sources); `vite build --sourcemap` makes them when wanted.
  build: { target: 'es2022', sourcemap: false },
});
