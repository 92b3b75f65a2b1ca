/**
 * `npm run bench`: figures that tests must not assert (they depend on the
 * machine), printed as tables and written to bench/results.json.
 *
 * - Training images/s per backend for the tutorial CNN and the default
 *   recipe, through the built site's /bench/ page, which trains with the
 *   course's own worker and trainer (a fixed number of steps each).
 * - Single-image prediction latency (median, p95).
 * - Time to 99% test accuracy for the default recipe and the wide network (full runs; skipped
 *   when the measured speed says it would take over 5 minutes, or with --quick).
 * - Where Debian's python3-torch is installed, the same networks in PyTorch on this CPU
 *   (1 and 2 threads) and our speed as a share of it; skipped, and said so, otherwise.
 * - How long lesson 1 takes to load MNIST the first time (cold browser, on
 *   localhost and on an emulated 20 Mbit/s line) and the second time.
 * - Pointer-up → prediction shown on the drawing page (median, p95), over 100 held-out pen
 *   samples drawn with the mouse by the handwriting evaluation's own replay code.
 *
 * - Lesson 4 through its own page (scripts/lib/lesson-four-bench.ts): Start → result of the
 *   default recipe, the time "auto" takes to choose, the longest main-thread task with the
 *   tfjs-vis charts shown, images/s with the charts shown and hidden, the worker's tensor count
 *   and the checkpoint's cost per epoch.
 * - Lessons 5 and 6 (scripts/lib/lesson-five-six-bench.ts): the longest main-thread task of each
 *   step (each cell, comparing models, evaluating another model, another digit).
 *
 * Each wasm preset trains twice: on every core (our kernels' thread pool and XNNPACK's, on the
 * cross-origin isolated page) and with `threads=1` (TF.js's single-threaded build), with the
 * threads each used.
 *
 * `--only training` measures just the training speeds and the PyTorch reference (results.json untouched);
 * `--only handwriting` measures just the drawing page and prints it (results.json untouched);
 * `--only lesson-4` measures lesson 4 (with `--quick`: a short two-epoch run on a tenth of the set),
 * prints it and replaces its part of bench/results.json, keeping the rest; `--only lesson-5-6` the
 * same for lessons 5 and 6.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { chromium, type Browser } from '@playwright/test';
import { handwritingReport } from '../src/lib/eval/report';
import { selectSamples } from '../src/lib/eval/sample-selection';
import { TRAINING_RECIPES, type PresetName } from '../src/lib/model/presets';
import { isHeldOutWriter } from '../src/lib/pendigits/dataset';
import type { PredictionTiming } from '../src/lib/train/protocol';
import { chromiumLaunchOptions } from './lib/chromium';
import { DESKTOP_VIEWPORT, drawingPagePath, openDrawingPage, readSamples } from './lib/handwriting-replay';
import { measureLessonFour, printLessonFour } from './lib/lesson-four-bench';
import { measureLessonsFiveSix, printLessonsFiveSix } from './lib/lesson-five-six-bench';
import { loadPenDigits } from './lib/pen-dataset';
import { startPreview } from './lib/preview-server';

// BENCH_PORT: two checkouts can bench side by side.
const PORT = Number(process.env.BENCH_PORT ?? 4391);
const ROOT = `http://127.0.0.1:${PORT}/`;

interface LoadFigures {
  network: string;
  firstLoadMs: number;
  secondLoadMs: number;
  bytesOnTheWire: number;
}

async function main(): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('Build the site first: npm run build');
  const server = await startPreview(PORT);
  try {
    const browser = await chromium.launch(chromiumLaunchOptions());
    const browserVersion = browser.version();
    if (process.argv.includes('--only') && process.argv.includes('handwriting')) {
      printHandwriting(await measureHandwriting(browser));
      await browser.close();
      console.log('\n(--only handwriting: bench/results.json left as it was)');
      return;
    }
    if (process.argv.includes('--only') && process.argv.includes('training')) {
      const training = await measureTraining(browser);
      await browser.close();
      printTraining(training, {});
      printNative(measureNativeReference(), training);
      console.log('\n(--only training: bench/results.json left as it was)');
      return;
    }
    const quick = process.argv.includes('--quick');
    if (process.argv.includes('--only') && process.argv.includes('lesson-4')) {
      const load = loadavg()[0]!;
      const lessonFour = { ...(await measureLessonFour(browser, ROOT, quick)), measuredAt: new Date().toISOString(), loadAverageAtStart: load, loadAverageAtEnd: loadavg()[0]! };
      await browser.close();
      printLessonFour(lessonFour);
      printLoad(lessonFour);
      await updateResults({ lessonFour });
      console.log('\n(--only lesson-4: its part of bench/results.json replaced, the rest kept)');
      return;
    }
    if (process.argv.includes('--only') && process.argv.includes('lesson-5-6')) {
      const load = loadavg()[0]!;
      const steps = await measureLessonsFiveSix(browser, ROOT);
      await browser.close();
      const lessonsFiveSix = { measuredAt: new Date().toISOString(), loadAverageAtStart: load, loadAverageAtEnd: loadavg()[0]!, steps };
      printLessonsFiveSix(steps);
      printLoad(lessonsFiveSix);
      await updateResults({ lessonsFiveSix });
      console.log('\n(--only lesson-5-6: its part of bench/results.json replaced, the rest kept)');
      return;
    }
    const training = await measureTraining(browser);
    const toAccuracy = quick ? { skipped: 'run without --quick' } : await measureTimeToAccuracy(browser, training, 'default');
    // The wide network's one epoch, for the lesson's comparison of the two designs.
    const wideToAccuracy = quick ? { skipped: 'run without --quick' } : await measureTimeToAccuracy(browser, training, 'wide');
    const rows: LoadFigures[] = [];
    rows.push(await measureLessonOneLoad(browser, 'localhost'));
    rows.push(await measureLessonOneLoad(browser, '20 Mbit/s, 40 ms', { downloadBitsPerSecond: 20e6, latencyMs: 40 }));
    const handwriting = await measureHandwriting(browser);
    const lessonFour = await measureLessonFour(browser, ROOT, quick);
    const lessonsFiveSix = await measureLessonsFiveSix(browser, ROOT);
    await browser.close();
    const native = measureNativeReference();
    printTraining(training, { default: toAccuracy, wide: wideToAccuracy });
    printNative(native, training);
    printTable(rows);
    printHandwriting(handwriting);
    printLessonFour(lessonFour);
    printLessonsFiveSix(lessonsFiveSix);
    await mkdir('bench', { recursive: true });
    await writeFile(
      'bench/results.json',
      `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machineLine(browserVersion), training, toAccuracy, wideToAccuracy, native, lessonOneLoad: rows, handwriting, lessonFour, lessonsFiveSix: { steps: lessonsFiveSix } }, null, 2)}\n`,
    );
    console.log('\nWritten to bench/results.json');
  } finally {
    server.stop();
  }
}

/** Replaces some parts of bench/results.json, keeping the others (for `--only`). */
async function updateResults(parts: Record<string, unknown>): Promise<void> {
  const path = 'bench/results.json';
  const earlier = existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>) : {};
  await mkdir('bench', { recursive: true });
  await writeFile(path, `${JSON.stringify({ ...earlier, ...parts }, null, 2)}\n`);
}

/** The machine's load while a figure was measured (this machine is shared: the figures are noisy). */
function printLoad(figures: { loadAverageAtStart: number; loadAverageAtEnd: number }): void {
  console.log(`  load average: ${figures.loadAverageAtStart.toFixed(2)} at the start, ${figures.loadAverageAtEnd.toFixed(2)} at the end (${cpus().length} cores)`);
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

interface TrainingFigure {
  model: PresetName;
  backend: string;
  steps: number;
  /** Asked of the page (`threads=N`); unset: every core. */
  threads?: number;
  /** XNNPACK's threads asked of the page (`xnnpack=N`); unset: one beside our kernels' pool. */
  xnnpack?: number;
  imagesPerSecond?: number;
  /** After the first report (the warm-up left out, as the PyTorch reference leaves out its first steps). */
  steadyImagesPerSecond?: number;
  kernelLoops?: string;
  fusedMultiplyAdd?: boolean;
  fusedLayers?: number;
  /** Threads our gradient kernels and XNNPACK used, as the worker reported. */
  kernelThreads?: number;
  xnnpackThreads?: number;
  crossOriginIsolated?: boolean;
  predictions?: { count: number; medianMs: number; p95Ms: number };
  error?: string;
}

/**
 * Steps per measurement: past the warm-up, then about 3–4 s of steady training on wasm, as long
 * as native_reference.py measures PyTorch (4 s after 3 warm-up steps). With 150 tutorial steps
 * the steady window was under a second, and one hiccup (V8 compiling on one of the two cores)
 * moved the figure by a third from one run to the next. Few steps for the slow backends.
 */
const TRAINING_RUNS: { model: PresetName; backend: string; steps: number; threads?: number; xnnpack?: number }[] = [
  { model: 'tutorial', backend: 'wasm', steps: 500 },
  { model: 'tutorial', backend: 'wasm', steps: 500, threads: 1 },
  { model: 'tutorial', backend: 'wasm', steps: 500, xnnpack: 2 },
  { model: 'tutorial', backend: 'webgl', steps: 15 },
  { model: 'tutorial', backend: 'cpu', steps: 5 },
  { model: 'default', backend: 'wasm', steps: 200 },
  { model: 'default', backend: 'wasm', steps: 200, threads: 1 },
  { model: 'default', backend: 'wasm', steps: 200, xnnpack: 2 },
  { model: 'default', backend: 'webgl', steps: 4 },
  { model: 'wide', backend: 'wasm', steps: 100 },
  { model: 'wide', backend: 'wasm', steps: 100, threads: 1 },
  { model: 'batchNorm', backend: 'wasm', steps: 250 },
  { model: 'batchNorm', backend: 'wasm', steps: 250, threads: 1 },
];

async function runBenchPage(browser: Browser, query: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.goto(`${ROOT}bench/?${query}`);
    const result = page.getByTestId('bench-result');
    await result.and(page.locator('[data-state]')).waitFor({ timeout: timeoutMs });
    return JSON.parse((await result.textContent()) ?? '{}') as Record<string, unknown>;
  } finally {
    await context.close();
  }
}

async function measureTraining(browser: Browser): Promise<TrainingFigure[]> {
  const figures: TrainingFigure[] = [];
  for (const run of TRAINING_RUNS) {
    const predictions = run.backend === 'wasm' && run.model === 'tutorial' && !run.threads && !run.xnnpack ? '&predictions=200' : '';
    const threads = `${run.threads ? `&threads=${run.threads}` : ''}${run.xnnpack ? `&xnnpack=${run.xnnpack}` : ''}`;
    process.stdout.write(`Training ${run.model} on ${run.backend}${run.threads ? ` (${run.threads} thread)` : ''}${run.xnnpack ? ` (XNNPACK ${run.xnnpack} threads)` : ''} for ${run.steps} steps… `);
    const summary = await runBenchPage(browser, `model=${run.model}&backend=${run.backend}&steps=${run.steps}${predictions}${threads}`, 600_000);
    const figure: TrainingFigure = { ...run };
    if (typeof summary.error === 'string') figure.error = summary.error;
    else {
      figure.imagesPerSecond = Number(summary.imagesPerSecond);
      if (typeof summary.steadyImagesPerSecond === 'number') figure.steadyImagesPerSecond = summary.steadyImagesPerSecond;
      figure.kernelLoops = summary.kernelLoops as string | undefined;
      figure.fusedMultiplyAdd = summary.fusedMultiplyAdd as boolean | undefined;
      figure.fusedLayers = summary.fusedLayers as number | undefined;
      figure.kernelThreads = summary.kernelThreads as number | undefined;
      figure.xnnpackThreads = summary.wasmThreads as number | undefined;
      figure.crossOriginIsolated = summary.crossOriginIsolated as boolean;
      figure.predictions = summary.predictions as TrainingFigure['predictions'];
    }
    console.log(figure.error ?? `${Math.round(figure.imagesPerSecond ?? 0)} images/s`);
    figures.push(figure);
  }
  return figures;
}

type TimeToAccuracy = { skipped: string } | { epochs: number; seconds: number; testAccuracy: number; imagesPerSecond: number };

/** A preset's full run (all its recipe's epochs of 60,000 images) on the fastest backend measured for it. */
async function measureTimeToAccuracy(browser: Browser, training: TrainingFigure[], model: PresetName): Promise<TimeToAccuracy> {
  const best = training.filter((f) => f.model === model && f.imagesPerSecond && !f.threads && !f.xnnpack).sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!)[0];
  if (!best?.imagesPerSecond) return { skipped: `no backend trained ${model}` };
  const epochs = TRAINING_RECIPES[model].epochs;
  const estimate = (epochs * 60_000) / best.imagesPerSecond;
  if (estimate > 300) return { skipped: `${epochs} epoch(s) would take about ${Math.round(estimate / 60)} min at ${Math.round(best.imagesPerSecond)} images/s` };
  console.log(`Training ${model} to the end on ${best.backend} (about ${Math.round(estimate)} s)…`);
  const summary = await runBenchPage(browser, `model=${model}&backend=${best.backend}&evaluate=1`, 900_000);
  if (typeof summary.error === 'string') return { skipped: summary.error };
  return { epochs, seconds: Number(summary.trainSeconds), testAccuracy: Number(summary.testAccuracy), imagesPerSecond: Number(summary.imagesPerSecond) };
}

function printTraining(figures: TrainingFigure[], fullRuns: Partial<Record<'default' | 'wide', TimeToAccuracy>>): void {
  console.log(`\nTraining in headless Chromium (images/s, batch of the recipe); load average ${loadAverage()}\n`);
  console.log('| model | backend | steps | images/s | after warm-up | kernels | fused layers | threads (kernels / XNNPACK) | isolated |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const threads = f.kernelThreads !== undefined ? `${f.kernelThreads} / ${f.xnnpackThreads ?? '-'}` : '-';
    console.log(
      `| ${f.model} | ${f.backend}${f.threads ? ` (threads=${f.threads})` : ''}${f.xnnpack ? ` (xnnpack=${f.xnnpack})` : ''} | ${f.steps} | ${f.error ? `failed: ${f.error}` : Math.round(f.imagesPerSecond ?? 0)} | ${f.steadyImagesPerSecond ? Math.round(f.steadyImagesPerSecond) : '-'} | ${f.kernelLoops ? `${f.kernelLoops}${f.fusedMultiplyAdd ? ', relaxed SIMD (FMA)' : ', SIMD'}` : '-'} | ${f.fusedLayers ?? '-'} | ${threads} | ${f.crossOriginIsolated ?? '-'} |`,
    );
  }
  const timing = figures.find((f) => f.predictions)?.predictions;
  if (timing) console.log(`\nSingle-image prediction (tutorial CNN, wasm): median ${timing.medianMs.toFixed(2)} ms, p95 ${timing.p95Ms.toFixed(2)} ms over ${timing.count}`);
  for (const [model, run] of Object.entries(fullRuns)) {
    console.log(
      'seconds' in run
        ? `Full run, ${model}, ${run.epochs} epoch(s): ${(run.testAccuracy * 100).toFixed(2)}% test accuracy after ${run.seconds.toFixed(1)} s of training (${Math.round(run.imagesPerSecond)} images/s)`
        : `Full run, ${model}: skipped (${run.skipped})`,
    );
  }
}

type NativeModel = 'tutorial' | 'default' | 'wide' | 'batchNorm';
type NativeRun = { threads: number } & Record<NativeModel, number>;
type NativeReference = { skipped: string } | { torch: string; runs: NativeRun[] };

/**
 * The same networks in PyTorch on this CPU (bench/native_reference.py), when Debian's
 * python3-torch is installed; 1 and 2 threads. OMP_WAIT_POLICY=PASSIVE: PyTorch's busy-waiting
 * threads otherwise collapse when the other core is busy (PERF-NOTES).
 */
function measureNativeReference(): NativeReference {
  const python = '/usr/bin/python3';
  if (!existsSync(python) || spawnSync(python, ['-c', 'import torch']).status !== 0) {
    return { skipped: 'PyTorch is not installed (Debian: apt-get install python3-torch)' };
  }
  const runs = [];
  let torch = '';
  for (const threads of [1, 2]) {
    console.log(`Native PyTorch reference, ${threads} thread(s)…`);
    const run = spawnSync(python, ['bench/native_reference.py', String(threads)], {
      env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) return { skipped: `the PyTorch reference failed: ${run.stderr.trim().split('\n').at(-1)}` };
    const figures = JSON.parse(run.stdout) as { torch: string } & NativeRun;
    torch = figures.torch;
    runs.push({ threads: figures.threads, tutorial: figures.tutorial, default: figures.default, wide: figures.wide, batchNorm: figures.batchNorm });
  }
  return { torch, runs };
}

function printNative(native: NativeReference, training: TrainingFigure[]): void {
  if ('skipped' in native) {
    console.log(`Native reference: skipped (${native.skipped})`);
    return;
  }
  const run = (model: PresetName, threads?: number) =>
    training.find((f) => f.model === model && f.backend === 'wasm' && f.threads === threads && !f.xnnpack);
  // Like for like: PyTorch's figure leaves out its first 3 steps (and trains one fixed batch, no data
  // loading), so ours is the one after the first report; the whole run's, warm-up included, beside it.
  const ours = (model: PresetName, threads?: number) => run(model, threads)?.steadyImagesPerSecond ?? run(model, threads)?.imagesPerSecond ?? 0;
  console.log(`\nNative PyTorch ${native.torch} on this CPU (images/s) and our wasm path as a share of it; load average ${loadAverage()}\n`);
  console.log('| model | PyTorch 1 thread | PyTorch 2 threads | ours, 1 thread | ours, every core | every core / 1 thread | ours / best PyTorch | same, warm-up included |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const model of ['tutorial', 'default', 'wide', 'batchNorm'] as const) {
    const [one, two] = native.runs.map((r) => r[model]);
    const best = Math.max(one ?? 0, two ?? 0);
    const [single, all] = [ours(model, 1), ours(model)];
    const whole = run(model)?.imagesPerSecond ?? 0;
    console.log(
      `| ${model} | ${Math.round(one ?? 0)} | ${Math.round(two ?? 0)} | ${Math.round(single)} | ${Math.round(all)} | ${(all / single).toFixed(2)} | ${(all / best).toFixed(2)} | ${(whole / best).toFixed(2)} |`,
    );
  }
}

type HandwritingFigures =
  | { skipped: string }
  | { model: string; samples: number; accuracy: number; latency: PredictionTiming | null };

/** Samples drawn for the latency figure: held-out writers, stratified by digit, seed 1. */
const HANDWRITING_SAMPLES = 100;

/** Pointer-up → prediction shown on the drawing page, with the shipped default model. */
async function measureHandwriting(browser: Browser): Promise<HandwritingFigures> {
  let pagePath: string;
  try {
    pagePath = drawingPagePath();
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
  const samples = selectSamples(loadPenDigits(), { writers: isHeldOutWriter, limit: HANDWRITING_SAMPLES });
  process.stdout.write(`Drawing ${samples.length} held-out pen samples on ${pagePath}… `);
  const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const model = await openDrawingPage(page, `${ROOT}${pagePath}`, { model: 'default' });
    const report = handwritingReport(await readSamples(page, samples));
    console.log(`${report.correct}/${report.samples} read right`);
    return { model, samples: report.samples, accuracy: report.accuracy, latency: report.latency };
  } finally {
    await context.close();
  }
}

function printHandwriting(figures: HandwritingFigures): void {
  if ('skipped' in figures) {
    console.log(`\nDrawing page latency: skipped (${figures.skipped})`);
    return;
  }
  const latency = figures.latency;
  console.log('\nDrawing page: held-out pen samples drawn with the mouse, pointer-up → prediction shown (measured in the page)\n');
  console.log('| model | samples | read right | median | p95 |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| ${figures.model} | ${figures.samples} | ${(figures.accuracy * 100).toFixed(1)}% | ` +
      `${latency ? `${latency.medianMs.toFixed(1)} ms` : '-'} | ${latency ? `${latency.p95Ms.toFixed(1)} ms` : '-'} |`,
  );
}

function printTable(rows: LoadFigures[]): void {
  console.log('\nLesson 1: loading all of MNIST (60,000 + 10,000 images)\n');
  console.log('| network | first visit | second visit (IndexedDB) | bytes on the wire |');
  console.log('|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.network} | ${(row.firstLoadMs / 1000).toFixed(2)} s | ${(row.secondLoadMs / 1000).toFixed(2)} s | ${(row.bytesOnTheWire / 1e6).toFixed(2)} MB |`);
  }
}

/** `uptime`'s load averages (1, 5, 15 min): the machine may be shared, so every figure says how busy it was. */
function loadAverage(): string {
  return loadavg().map((load) => load.toFixed(2)).join(', ');
}

function machineLine(browserVersion: string): string {
  return `${process.platform} ${process.arch}, ${cpus().length} cores, node ${process.version}, Chromium ${browserVersion}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
