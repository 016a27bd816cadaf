import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { withoutIcuParser } from './vite.shared.js';

/**
 * The scripts other sites load: `vite build -c vite.embed.config.ts --mode embed|count` writes
 * dist/embed.js or dist/count.js beside the full page. Classic scripts (IIFE), so `<script defer>`
 * works from any origin; every component is compiled as a custom element, so its CSS travels as a
 * string into the shadow root instead of into the host's document.
 */
const ENTRIES = { embed: 'src/embed/embed.ts', count: 'src/embed/count.ts' } as const;

export default defineConfig(({ mode }) => {
  if (mode !== 'embed' && mode !== 'count') throw new Error(`--mode embed or --mode count, not ${mode}`);
  return {
    plugins: [vue({ customElement: true })],
    resolve: { alias: withoutIcuParser },
    // Library builds keep `process.env.NODE_ENV`, which a host page does not define.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      target: 'es2022',
      sourcemap: false,
      minify: true,
      emptyOutDir: false,
      outDir: 'dist',
      lib: { entry: ENTRIES[mode], formats: ['iife'], name: `Parley_${mode}`, fileName: () => `${mode}.js` },
    },
  };
});
