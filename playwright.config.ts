import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests run against the built site (not the dev server), twice
 * over: at the root (astro preview, with the cross-origin isolation headers),
 * and a second course (tests/fixtures/course-subset.config.json, base /course/) on a plain static server with no special
 * headers, as an instructor hosting the course in a folder would.
 * `npm run test:e2e` builds both.
 *
 * Which Chromium and which flags: scripts/lib/chromium.ts (shared with the
 * bench and the handwriting evaluation).
 */
import { chromiumLaunchOptions } from './scripts/lib/chromium';
import { DEV_URL, E2E_PORT, ROOT_URL, SUBPATH_URL } from './tests/e2e/urls';

const { executablePath, args: chromiumFlags } = chromiumLaunchOptions();


export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: ROOT_URL,
    launchOptions: { executablePath, args: chromiumFlags },
    trace: 'off',
    // The service worker would hide requests from page.route(); offline.spec.ts turns it back on.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'dev-server',
      testMatch: /dev-server\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], baseURL: DEV_URL, launchOptions: { executablePath, args: chromiumFlags } },
    },
    { name: 'desktop', testIgnore: /(phone|dev-server)\.spec\.ts/, use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: chromiumFlags } } },
    {
      name: 'phone',
      testMatch: /phone\.spec\.ts/,
      use: {
        viewport: { width: 375, height: 740 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        launchOptions: { executablePath, args: chromiumFlags },
      },
    },
  ],
  webServer: [
    {
      // `npm run dev` is a newcomer's first command: it gets a smoke test of its own.
      command: `npx astro dev --host 127.0.0.1 --port ${E2E_PORT + 2}`,
      url: DEV_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      command: `npx astro preview --host 127.0.0.1 --port ${E2E_PORT}`,
      url: ROOT_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // A plain static host with no special headers, serving the build made for /course/.
      command: `npx tsx scripts/serve-static.ts --dir dist-course --base /course/ --port ${E2E_PORT + 1}`,
      url: SUBPATH_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
