import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const api = process.env.PARLEY_API_URL ?? 'http://127.0.0.1:3000';

/**
 * Browsers with `:dir()` (which right-to-left styles use): for older targets the CSS minifier
 * rewrites `:dir(rtl)` as a list of `:lang()`s, which misses an English page set to rtl and a
 * right-to-left embed on a page whose language says nothing.
 */
export const CSS_TARGET = ['chrome120', 'edge120', 'firefox115', 'safari16.4'];

export default defineConfig({
  plugins: [vue()],
  server: {
    port: 5173,
    // The Host header stays the page's, so the API's same-origin check accepts dev mutations.
    proxy: {
      '/api': { target: api },
      '/socket.io': { target: api, ws: true },
    },
  },
  // No source maps in the production build (they would publish the sources); `vite build --sourcemap` makes them when wanted.
  build: { target: 'es2022', cssTarget: CSS_TARGET, sourcemap: false },
});
