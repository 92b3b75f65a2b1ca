/**
 * `npm run bench`: figures that tests must not assert (they depend on the
 * machine), printed as a table and written to bench/results.json.
 *
 * Now: how long lesson 1 takes to load MNIST in headless Chromium the first
 * time (cold browser, on localhost and on an emulated 20 Mbit/s line) and the
 * second time (from IndexedDB), and how many bytes travel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium, type Browser } from '@playwright/test';

const PORT = 4391;
const ROOT = `http://127.0.0.1:${PORT}/`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface LoadFigures {
  network: string;
  firstLoadMs: number;
  secondLoadMs: number;
  bytesOnTheWire: number;
}

async function main(): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('Build the site first: npm run build');
  const server = startPreview();
  try {
    await waitForServer(ROOT);
    const browser = await chromium.launch({ executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined, args: FLAGS });
    const rows: LoadFigures[] = [];
    rows.push(await measureLessonOneLoad(browser, 'localhost'));
    rows.push(await measureLessonOneLoad(browser, '20 Mbit/s, 40 ms', { downloadBitsPerSecond: 20e6, latencyMs: 40 }));
    await browser.close();
    printTable(rows);
    await mkdir('bench', { recursive: true });
    await writeFile(
      'bench/results.json',
      `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machineLine(), lessonOneLoad: rows }, null, 2)}\n`,
    );
    console.log('\nWritten to bench/results.json');
  } finally {
    server.kill();
  }
}

async function measureLessonOneLoad(
  browser: Browser,
  network: string,
  throttle?: { downloadBitsPerSecond: number; latencyMs: number },
): Promise<LoadFigures> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: throttle.latencyMs,
      downloadThroughput: throttle.downloadBitsPerSecond / 8,
      uploadThroughput: throttle.downloadBitsPerSecond / 8,
    });
  }
  let bytesOnTheWire = 0;
  page.on('requestfinished', async (request) => {
    if (request.url().includes('/data/mnist/')) bytesOnTheWire += (await request.sizes()).responseBodySize;
  });
  const loadOnce = async (): Promise<number> => {
    await page.goto(`${ROOT}lessons/meet-the-data/`);
    await page.locator('[data-notebook-ready="true"]').waitFor();
    await page.locator('[data-cell="load"] .cell-run').click();
    await page.locator('[data-cell="load"][data-state="done"]').waitFor({ timeout: 300_000 });
    return Number(await page.getByTestId('output-load').getAttribute('data-load-ms'));
  };
  const firstLoadMs = await loadOnce();
  const secondLoadMs = await loadOnce();
  await context.close();
  return { network, firstLoadMs, secondLoadMs, bytesOnTheWire };
}

function startPreview(): ChildProcess {
  return spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT)], { stdio: 'ignore' });
}

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The preview server did not answer at ${url}`);
}

function printTable(rows: LoadFigures[]): void {
  console.log('\nLesson 1: loading all of MNIST (60,000 + 10,000 images)\n');
  console.log('| network | first visit | second visit (IndexedDB) | bytes on the wire |');
  console.log('|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.network} | ${(row.firstLoadMs / 1000).toFixed(2)} s | ${(row.secondLoadMs / 1000).toFixed(2)} s | ${(row.bytesOnTheWire / 1e6).toFixed(2)} MB |`);
  }
}

function machineLine(): string {
  return `${process.platform} ${process.arch}, node ${process.version}, ${(globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? '?'} cores`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
