import { expect, test, type Page } from './test';
import { SUBPATH_URL } from './urls';

interface Summary {
  backend: string;
  kernelLoops?: string;
  fusedMultiplyAdd?: boolean;
  fusedLayers?: number;
  wasmThreads?: number;
  kernelThreads?: number;
  crossOriginIsolated?: boolean;
  steps: number;
  imagesPerSecond: number;
  steadyImagesPerSecond?: number;
  error?: string;
  mainThread?: { ticks: number; longestGapMs: number; longestTaskMs: number };
}

async function benchRun(page: Page, query: string, root = '/'): Promise<Summary> {
  await page.goto(`${root}bench/?${query}`);
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
  // The speed after the first report (step 10), the warm-up left out, as the bench compares with PyTorch.
  expect(summary.steadyImagesPerSecond).toBeGreaterThan(0);
  // Chromium has relaxed SIMD (114+): the kernels' fused multiply-add build runs. Conv, conv and
  // dense train as one fused op each.
  expect(summary.fusedMultiplyAdd).toBe(true);
  expect(summary.fusedLayers).toBe(3);
});

test('with ?threads=1 the worker keeps the single-threaded wasm build and its kernels run in place', async ({ page }) => {
  const summary = await benchRun(page, 'model=tutorial&backend=wasm&steps=4&threads=1');
  expect(summary.error).toBeUndefined();
  expect(summary.wasmThreads).toBe(1);
  expect(summary.kernelThreads).toBe(1);
  expect(summary.kernelLoops).toBe('in-place');
});

test('on the cross-origin isolated page the worker trains on every core: our kernels, with XNNPACK on one unless asked', async ({ page }) => {
  const summary = await benchRun(page, 'model=default&backend=wasm&steps=4');
  expect(summary.error).toBeUndefined();
  expect(summary.crossOriginIsolated).toBe(true);
  expect(summary.steps).toBe(4);
  expect(summary.kernelLoops).toBe('in-place-shared');
  // Every core (the machines here have two) for our kernels; XNNPACK one beside them.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(summary.kernelThreads).toBe(Math.min(cores, 8));
  expect(summary.kernelThreads).toBeGreaterThan(1);
  expect(summary.wasmThreads).toBe(1);
  // Asked for, XNNPACK gets every core too: TF.js alone would give it half (one thread on two).
  const both = await benchRun(page, `model=default&backend=wasm&steps=4&xnnpack=${Math.min(cores, 8)}`);
  expect(both.error).toBeUndefined();
  expect(both.kernelThreads).toBe(Math.min(cores, 8));
  expect(both.wasmThreads).toBe(Math.min(cores, 8));
});

test('on a page that is not cross-origin isolated (a plain static host) training still works, on one thread', async ({ page }) => {
  const summary = await benchRun(page, 'model=tutorial&backend=wasm&steps=4', SUBPATH_URL);
  expect(summary.error).toBeUndefined();
  expect(summary.crossOriginIsolated).toBe(false);
  expect(summary.steps).toBe(4);
  expect(summary.kernelLoops).toBe('in-place');
  expect(summary.kernelThreads).toBe(1);
  expect(summary.wasmThreads).toBe(1);
  expect(summary.fusedLayers).toBe(3);
});

test('the batch-norm network trains with its batch norms fused (moments, normalisation and gradient in our kernels)', async ({ page }) => {
  const summary = await benchRun(page, 'model=batchNorm&backend=wasm&steps=4');
  expect(summary.error).toBeUndefined();
  expect(summary.steps).toBe(4);
  // Three conv + batch norm (with its ReLU) blocks and the dense layer: seven fused ops.
  expect(summary.fusedLayers).toBe(7);
  expect(summary.imagesPerSecond).toBeGreaterThan(0);
});

test('the page stays responsive while the worker trains', async ({ page }) => {
  // The page measures itself from "Training on …" to the end of the run, the span in which the
  // worker is known to be busy, so the result does not depend on how fast this machine trains.
  const summary = await benchRun(page, 'model=default&backend=wasm&steps=15');
  expect(summary.error).toBeUndefined();
  expect(summary.steps).toBe(15);
  const mainThread = summary.mainThread!;
  expect(mainThread.ticks).toBeGreaterThan(0);
  // The main thread got its turns all through the run: no wait between two of them, and no task
  // the browser saw, anywhere near the half second a student would notice as a frozen page.
  expect(mainThread.longestGapMs).toBeLessThan(500);
  expect(mainThread.longestTaskMs).toBeLessThan(500);
});

test('"auto" keeps the fastest backend, and does not time a software WebGL at all', async ({ page }) => {
  const summary = await benchRun(page, 'model=tutorial&backend=auto&steps=4');
  expect(summary.error).toBeUndefined();
  const measurements = JSON.parse((await page.getByTestId('bench-result').getAttribute('data-backend-measurements')) ?? '[]') as {
    backend: string;
    imagesPerSecond?: number;
    error?: string;
  }[];
  expect(measurements.map((m) => m.backend).sort()).toEqual(['wasm', 'webgl']);
  const webgl = measurements.find((m) => m.backend === 'webgl')!;
  if (/software rasteriser|no WebGL/.test(webgl.error ?? '')) {
    // Headless Chromium without a GPU draws WebGL in software (SwiftShader): known slower, so
    // wasm is chosen with no probe, and the reason is given instead of a speed.
    expect(webgl.imagesPerSecond).toBeUndefined();
    expect(summary.backend).toBe('wasm');
    return;
  }
  const measured = measurements.filter((m) => m.imagesPerSecond !== undefined);
  const best = measured.reduce((a, b) => (b.imagesPerSecond! > a.imagesPerSecond! ? b : a));
  expect(summary.backend).toBe(best.backend);
});
