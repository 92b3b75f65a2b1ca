import { expect, test, type Page } from '@playwright/test';

interface Summary {
  backend: string;
  kernelLoops?: string;
  wasmThreads?: number;
  crossOriginIsolated?: boolean;
  steps: number;
  imagesPerSecond: number;
  error?: string;
}

async function benchRun(page: Page, query: string): Promise<Summary> {
  await page.goto(`/bench/?${query}`);
  const result = page.getByTestId('bench-result');
  await expect(result).toHaveAttribute('data-state', /done|error/, { timeout: 120_000 });
  return JSON.parse((await result.textContent()) ?? '{}') as Summary;
}

test('the training worker trains a CNN on the wasm backend with the SIMD gradient kernels', async ({ page }) => {
  const summary = await benchRun(page, 'model=tutorial&backend=wasm&steps=12');
  expect(summary.error).toBeUndefined();
  expect(summary.backend).toBe('wasm');
  expect(summary.steps).toBe(12);
  // astro preview sends the isolation headers, so TF.js loads its threaded build, whose memory is
  // shared: the kernels must run on it in place, from their shared-memory build, not by copying.
  expect(summary.crossOriginIsolated).toBe(true);
  expect(summary.kernelLoops).toBe('in-place-shared');
  expect(summary.imagesPerSecond).toBeGreaterThan(0);
});

test('with ?threads=1 the worker keeps the single-threaded wasm build and its kernels run in place', async ({ page }) => {
  const summary = await benchRun(page, 'model=tutorial&backend=wasm&steps=4&threads=1');
  expect(summary.error).toBeUndefined();
  expect(summary.wasmThreads).toBe(1);
  expect(summary.kernelLoops).toBe('in-place');
});

test('the page stays responsive while the worker trains', async ({ page }) => {
  await page.goto('/bench/?model=default&backend=wasm&steps=15');
  await expect(page.getByTestId('bench-status')).toContainText(/step \d+/, { timeout: 60_000 });
  // While training runs, the main thread answers at once.
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Date.now() - started).toBeLessThan(500);
  }
  await expect(page.getByTestId('bench-result')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
});

test('"auto" skips a software WebGL without timing it, else measures the candidates and keeps the fastest', async ({ page }) => {
  const summary = await benchRun(page, 'model=tutorial&backend=auto&steps=4');
  expect(summary.error).toBeUndefined();
  const measurements = JSON.parse((await page.getByTestId('bench-result').getAttribute('data-backend-measurements')) ?? '[]') as {
    backend: string;
    imagesPerSecond?: number;
    error?: string;
  }[];
  expect(measurements.map((m) => m.backend).sort()).toEqual(['wasm', 'webgl']);
  const webgl = measurements.find((m) => m.backend === 'webgl')!;
  if (webgl.error?.startsWith('not timed') || webgl.error === 'no WebGL in this browser') {
    // A software rasteriser (SwiftShader here) or none: the answer is known, nothing is timed.
    expect(webgl.error).toMatch(/software rasteriser|no WebGL/);
    expect(summary.backend).toBe('wasm');
    expect(measurements.every((m) => m.imagesPerSecond === undefined)).toBe(true);
    return;
  }
  const measured = measurements.filter((m) => m.imagesPerSecond !== undefined);
  const best = measured.reduce((a, b) => (b.imagesPerSecond! > a.imagesPerSecond! ? b : a));
  expect(summary.backend).toBe(best.backend);
});
