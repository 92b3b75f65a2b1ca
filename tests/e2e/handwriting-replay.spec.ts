/**
 * The replay code of `npm run eval:handwriting` against a stand-in pad
 * (fixtures/stand-in-pad.html) whose answer is the number of pointer events it received:
 * each sample must come back with the answer to the whole drawing, never the one still in
 * flight when the pen lifted, and with a latency measured in the page; with and without the
 * page's data-settled.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './test';
import { openDrawingPage, readSamples } from '../../scripts/lib/handwriting-replay';
import type { PenDigit } from '../../src/lib/pendigits/unipen';

// https, so the stand-in is a secure context like the real site on 127.0.0.1: coalesced
// pointer events (getCoalescedEvents) exist only there, and streamed moves arrive coalesced.
const STAND_IN_URL = 'https://stand-in.test/pad/';
const STAND_IN = readFileSync(new URL('./fixtures/stand-in-pad.html', import.meta.url), 'utf8');

async function serveStandIn(page: Page): Promise<void> {
  await page.route(`${STAND_IN_URL}**`, (route) => route.fulfill({ contentType: 'text/html', body: STAND_IN }));
}

/** A sample of `strokes` straight strokes of `points` positions each, far enough apart not to be merged. */
function zigzag(strokes: number, points: number): PenDigit {
  const drawing = Array.from({ length: strokes }, (_, stroke) =>
    Array.from({ length: points }, (_, i) => ({ x: 60 + i * (380 / Math.max(1, points - 1)), y: 80 + stroke * 120 + (i % 2) * 30 })),
  );
  // The stand-in counts the pen's lift as one more position.
  return { label: (strokes * (points + 1)) % 10, writer: 21, strokes: drawing };
}

for (const pace of ['stream', 'one-by-one'] as const) {
  test(`each sample is read after the final prediction, with the pointer-up → prediction time (${pace})`, async ({ page }) => {
    await serveStandIn(page);
    expect(await openDrawingPage(page, `${STAND_IN_URL}?frames=2`, { model: 'mnist-only' })).toBe('mnist-only');
    const samples = [zigzag(1, 7), zigzag(2, 6), zigzag(3, 3), zigzag(1, 1), zigzag(2, 12)];
    const readings = await readSamples(page, samples, { pace });
    expect(readings.map((reading) => reading.predicted)).toEqual(samples.map((sample) => sample.label));
    for (const reading of readings) expect(reading.latencyMs).toBeGreaterThan(0);
  });
}

test('on a page that keeps data-settled, the final prediction is read however long a prediction takes', async ({ page }) => {
  await serveStandIn(page);
  // Six frames a prediction: longer than the few quiet frames a page without data-settled is given.
  await openDrawingPage(page, `${STAND_IN_URL}?frames=6&settled=1`);
  const samples = [zigzag(1, 7), zigzag(2, 6), zigzag(1, 1)];
  const readings = await readSamples(page, samples);
  expect(readings.map((reading) => reading.predicted)).toEqual(samples.map((sample) => sample.label));
});

test('a page that reads with another model than the one asked for is an error, not a silent fallback', async ({ page }) => {
  await page.route(`${STAND_IN_URL}**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: STAND_IN.replace("params.get('model') ?? 'default'", "'default'") }),
  );
  await expect(openDrawingPage(page, STAND_IN_URL, { model: 'mnist-only' })).rejects.toThrow(
    'Asked the drawing page for the model "mnist-only", but it reads with "default".',
  );
});

test('a page that never loads a model says so', async ({ page }) => {
  await page.route(`${STAND_IN_URL}**`, (route) => route.fulfill({ contentType: 'text/html', body: STAND_IN.replace("output.dataset.ready = 'true';", '') }));
  await expect(openDrawingPage(page, STAND_IN_URL, { timeoutMs: 1000 })).rejects.toThrow('never said a model was loaded');
});

test('a page that shows no prediction stops the run with a sentence instead of hanging', async ({ page }) => {
  await page.route(`${STAND_IN_URL}**`, (route) => route.fulfill({ contentType: 'text/html', body: STAND_IN.replace('seq += 1;', 'return;') }));
  await openDrawingPage(page, STAND_IN_URL);
  const samples = [zigzag(1, 3), zigzag(1, 4), zigzag(1, 5), zigzag(1, 6)];
  await expect(readSamples(page, samples, { timeoutMs: 300 })).rejects.toThrow(
    'The drawing page showed no prediction for 3 samples in a row (up to sample 3); stopping.',
  );
});
