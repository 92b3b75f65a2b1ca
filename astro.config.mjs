// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { offlineListIntegration } from './scripts/astro-offline-list.ts';

/**
 * BASE_PATH lets an instructor host the course under a sub-path
 * (e.g. `BASE_PATH=/course/ npm run build`); OUT_DIR lets the tests build
 * that variant beside the normal one.
 */
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  base,
  outDir: process.env.OUT_DIR || './dist',
  trailingSlash: 'ignore',
  // Cross-origin isolation lets TF.js's wasm backend use threads (SharedArrayBuffer).
  // Static hosts that cannot send these get them from the service worker (public/sw.js).
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  integrations: [mdx(), offlineListIntegration()],
  markdown: {
    shikiConfig: { theme: 'github-light' },
  },
  vite: {
    build: { chunkSizeWarningLimit: 1000 },
    // See src/shims/node-fetch.ts: without this, `astro dev` cannot load TF.js.
    resolve: { alias: { 'node-fetch': fileURLToPath(new URL('./src/shims/node-fetch.ts', import.meta.url)) } },
    // Pre-bundled when the dev server starts, not on the first page that needs them
    // (which would make the dev server reload that page halfway through).
    optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@observablehq/plot'] },
  },
});
