/**
 * `npm run eval:handwriting`: real handwriting read through the built drawing page, the way a
 * person uses it. Each pen sample of the chosen writers (21–30, whom the shipped model never
 * saw, by default) is drawn on the pad in headless Chromium with the mouse, and the page's
 * prediction is compared with the label. Prints accuracy overall and per digit, the most
 * frequent confusions, and pointer-up → prediction latency (measured in the page).
 *
 *   npm run eval:handwriting -- [--writers 21-30] [--file other.tra] [--model default|mnist-only|<id>]
 *                               [--limit N] [--seed N] [--max-step PX] [--pace stream|one-by-one]
 *                               [--json out.json] [--no-build]
 *
 * --limit N reads a seeded subset of N samples, stratified by digit. --pace: see
 * scripts/lib/handwriting-replay.ts (stream, the default, is a fast pen and five times quicker). The site is built first
 * when dist/ lacks the drawing page or is older than the sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { formatReport, handwritingReport } from '../src/lib/eval/report';
import { parseWriters, selectSamples } from '../src/lib/eval/sample-selection';
import { parseUnipen, type PenDigit } from '../src/lib/pendigits/unipen';
import { chromiumLaunchOptions } from './lib/chromium';
import { DESKTOP_VIEWPORT, drawingPagePath, openDrawingPage, readSamples } from './lib/handwriting-replay';
import { loadPenDigits, PENDIGITS_PATH } from './lib/pen-dataset';
import { freePort, startPreview } from './lib/preview-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      writers: { type: 'string', default: '21-30' },
      file: { type: 'string' },
      model: { type: 'string', default: 'default' },
      limit: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'max-step': { type: 'string' },
      pace: { type: 'string', default: 'stream' },
      json: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const file = values.file === undefined ? PENDIGITS_PATH : resolve(values.file);
  const all: PenDigit[] = values.file === undefined ? loadPenDigits() : parseUnipen(readFileSync(file, 'utf8'));
  const samples = selectSamples(all, {
    writers: parseWriters(values.writers!),
    limit: values.limit === undefined ? undefined : wholeNumber(values.limit, '--limit'),
    seed: wholeNumber(values.seed!, '--seed'),
  });
  if (samples.length === 0) throw new Error(`${file} has no samples of writers ${values.writers}.`);
  const maxStepPx = values['max-step'] === undefined ? undefined : Number(values['max-step']);
  const pace = values.pace;
  if (pace !== 'stream' && pace !== 'one-by-one') throw new Error(`--pace is "stream" or "one-by-one", got "${pace}".`);

  const pagePath = drawingPagePath();
  if (!values['no-build'] && needsBuild(pagePath)) {
    console.log('Building the site (dist/ is missing the drawing page or older than the sources)…');
    const build = spawnSync('npx', ['astro', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`The build failed (exit ${build.status}).`);
  }
  if (!existsSync(join(ROOT, 'dist', pagePath, 'index.html'))) throw new Error(`dist/ has no ${pagePath}: build the site (npm run build).`);

  const server = await startPreview(await freePort());
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, serviceWorkers: 'block' });
    const page = await context.newPage();
    const model = await openDrawingPage(page, new URL(pagePath, server.url).href, { model: values.model });
    console.log(`Reading ${samples.length} samples of writers ${values.writers} (${file}) on ${pagePath} with the model "${model}"…`);
    const started = performance.now();
    const readings = await readSamples(page, samples, {
      maxStepPx,
      pace,
      onRead: (_, index) => {
        if ((index + 1) % 250 === 0) console.log(`  ${index + 1}/${samples.length}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const report = handwritingReport(readings);
    console.log(`\n${model}, writers ${values.writers}, ${samples.length} samples in ${seconds.toFixed(0)} s`);
    for (const line of formatReport(report)) console.log(line);
    if (values.json !== undefined) {
      const out = resolve(values.json);
      mkdirSync(dirname(out), { recursive: true });
      const result = {
        measuredAt: new Date().toISOString(),
        machine: `${process.platform} ${process.arch}, ${cpus().length} cores, Chromium ${browser.version()}`,
        page: pagePath,
        model,
        file: values.file ?? 'data/pendigits/pendigits-orig.tra',
        writers: values.writers,
        limit: values.limit === undefined ? null : Number(values.limit),
        seed: Number(values.seed),
        maxStepPx: maxStepPx ?? null,
        pace,
        seconds,
        report,
        readings: readings.map((reading, index) => ({ writer: samples[index]!.writer, ...reading })),
      };
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`written to ${out}`);
    }
    await context.close();
  } finally {
    await browser.close();
    server.stop();
  }
}

function wholeNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${option} takes a whole number, got "${text}".`);
  return value;
}

/** dist/ lacks the drawing page, or something under src/ or public/ changed after it was built. */
function needsBuild(pagePath: string): boolean {
  const built = join(ROOT, 'dist', pagePath, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return ['src', 'public'].some((dir) => newestChange(join(ROOT, dir)) > builtAt);
}

function newestChange(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }, 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
