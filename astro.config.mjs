// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { offlineListIntegration } from './scripts/astro-offline-list.ts';
import { cspIntegration } from './scripts/astro-csp.ts';
import { loadCourseConfig } from './scripts/lib/course-config.ts';

/**
 * The course configuration (course.config.json, or the file COURSE_CONFIG names) gives the
 * title, the lessons, lesson 4's defaults and the base path; a wrong value stops the build
 * here, naming the file and the field. OUT_DIR lets the tests build a second course beside
 * the first (scripts/build-sites.ts).
 */
const { config: course } = loadCourseConfig(fileURLToPath(new URL('.', import.meta.url)));
const base = course.base;

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
  // The CSP check first: the offline list hashes the finished pages.
  integrations: [mdx(), cspIntegration(), offlineListIntegration()],
  markdown: {
    shikiConfig: { theme: 'github-light' },
  },
  vite: {
    // The checked configuration, for the pages and their scripts (src/site/course-settings.ts).
    define: { __DIGIT_LAB_COURSE__: JSON.stringify(course) },
    build: { chunkSizeWarningLimit: 1000 },
    // See src/shims/node-fetch.ts: without this, `astro dev` cannot load TF.js.
    resolve: { alias: { 'node-fetch': fileURLToPath(new URL('./src/shims/node-fetch.ts', import.meta.url)) } },
    // Pre-bundled when the dev server starts, not on the first page that needs them
    // (which would make the dev server reload that page halfway through).
    optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@observablehq/plot'] },
  },
});
