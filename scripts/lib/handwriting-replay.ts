/**
 * Pen samples replayed on the built drawing page as real pointer input, the whole path a
 * person uses: the browser's mouse presses, moves and lifts over the pad's canvas, the page
 * turns the strokes into the model's input, predicts, and shows the digit. One
 * implementation for `npm run eval:handwriting`, the bench and the floor in `npm test`.
 *
 * The page contract (issue 8): `canvas[data-testid=draw-canvas]`, `[data-testid=clear]`,
 * and `[data-testid=prediction]` with data-ready="true" once a model is loaded, data-digit,
 * data-seq (up by one per finished prediction) and data-model.
 *
 * Latency is measured inside the page: a pointerup listener on the canvas notes
 * performance.now() and data-seq, and a MutationObserver notes when data-seq moves. The pad
 * may still be finishing a prediction of the unfinished drawing when the pen lifts; it then
 * shows that one and, right after, the one of the whole drawing. A sample counts as read once
 * data-seq has moved past its value at the last pointer-up and the prediction shown is of the
 * whole drawing: the page says so with data-settled="true" (lesson 7's pad does); a page
 * without that attribute counts as settled when data-seq then stays still for a few
 * animation frames. The digit is the last one shown, the latency the time from the
 * pointer-up to that last change of data-seq.
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from '@playwright/test';
import { penSampleToPad } from '../../src/lib/eval/pad-mapping';
import type { Reading } from '../../src/lib/eval/report';
import type { PenDigit } from '../../src/lib/pendigits/unipen';
import type { Point } from '../../src/lib/preprocess/strokes';

export const CANVAS = 'canvas[data-testid="draw-canvas"]';
export const CLEAR = '[data-testid="clear"]';
export const PREDICTION = '[data-testid="prediction"]';

/** The window the evaluation and the bench draw in: a desktop visitor's; the pad's size follows from the page's layout. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };

/** Animation frames data-seq must stay still after it moved before the prediction counts as final. */
const SETTLE_FRAMES = 3;
const LESSONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/lessons');

/** The drawing page's path inside the site ("lessons/<slug>/"), from lesson 7's file name (07-<slug>.mdx). */
export function drawingPagePath(lessonsDir = LESSONS_DIR): string {
  const file = readdirSync(lessonsDir).find((name) => /^0?7-.+\.mdx$/.test(name));
  if (file === undefined) throw new Error(`There is no lesson 7 (${lessonsDir}/07-*.mdx), so there is no drawing page to read digits with.`);
  return `lessons/${file.replace(/^\d+-/, '').replace(/\.mdx$/, '')}/`;
}

export interface OpenOptions {
  /** Passed to the page as ?model=; the page's own choice when unset. */
  model?: string;
  timeoutMs?: number;
}

/**
 * Opens the drawing page, waits until it says a model is loaded, checks it is the model
 * asked for, and installs the latency probe. Returns the model id the page reports.
 */
export async function openDrawingPage(page: Page, pageUrl: string, options: OpenOptions = {}): Promise<string> {
  const url = new URL(pageUrl);
  if (options.model !== undefined) url.searchParams.set('model', options.model);
  await page.goto(url.href);
  const prediction = page.locator(PREDICTION);
  try {
    await page.locator(`${PREDICTION}[data-ready="true"]`).waitFor({ state: 'attached', timeout: options.timeoutMs ?? 60_000 });
  } catch {
    throw new Error(`The drawing page at ${url.href} never said a model was loaded (data-ready="true").`);
  }
  const model = (await prediction.getAttribute('data-model')) ?? '';
  if (options.model !== undefined && model !== options.model) {
    throw new Error(`Asked the drawing page for the model "${options.model}", but it reads with "${model}".`);
  }
  await bringPadIntoView(page);
  await page.evaluate(installLatencyProbe, { canvasSelector: CANVAS, predictionSelector: PREDICTION });
  return model;
}

/**
 * Scrolls the pad to the top of the window and checks the pad and its Clear button are both
 * inside it: mouse input outside the window is never delivered, so a Clear button below the
 * fold would leave every sample drawn over the previous ones.
 */
async function bringPadIntoView(page: Page): Promise<void> {
  await page.locator(CANVAS).evaluate((canvas) => {
    canvas.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -8);
  });
  // Not named `window`: the callback above runs in the page and must see the page's window.
  const viewport = page.viewportSize();
  for (const selector of [CANVAS, CLEAR]) {
    const box = await visibleBox(page, selector);
    if (viewport && (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height)) {
      throw new Error(`The drawing pad and its Clear button do not both fit in a ${viewport.width} × ${viewport.height} window; use a larger one.`);
    }
  }
}

/**
 * How the moves inside a stroke are sent. 'stream' sends them one after another without
 * waiting for the browser to confirm each (the same mouse events page.mouse.move sends):
 * the page takes them as fast as it can, several per frame, as coalesced pointer events, as
 * from a fast pen. 'one-by-one' awaits page.mouse.move for each, which the browser answers
 * about once per frame: a slow, steady hand, and five times slower to replay.
 */
export type Pace = 'stream' | 'one-by-one';

export interface ReplayOptions {
  /** See penSampleToPad: adds pointer moves so none is longer than this (CSS px). */
  maxStepPx?: number;
  pace?: Pace;
  /** How long one sample may take to be read. */
  timeoutMs?: number;
}

/**
 * Clears the pad (a mouse click on its Clear button), draws one sample with the mouse, and
 * reads the page's final prediction: none (null) for a sample without points or when the page
 * shows none in time.
 */
export async function readSample(page: Page, sample: PenDigit, options: ReplayOptions = {}): Promise<Reading> {
  await clickCentre(page, CLEAR);
  const box = await visibleBox(page, CANVAS);
  const strokes = penSampleToPad(sample.strokes, box, { maxStepPx: options.maxStepPx });
  for (const stroke of strokes) {
    const first = stroke[0];
    const last = stroke[stroke.length - 1];
    if (first === undefined || last === undefined) continue;
    await page.mouse.move(box.x + first.x, box.y + first.y);
    await page.mouse.down();
    if (stroke.length > 1) {
      await moveWithButtonDown(page, stroke.slice(1, -1).map(({ x, y }) => ({ x: box.x + x, y: box.y + y })), options.pace ?? 'stream');
      await page.mouse.move(box.x + last.x, box.y + last.y);
    }
    await page.mouse.up();
  }
  if (strokes.every((stroke) => stroke.length === 0)) return { label: sample.label, predicted: null, latencyMs: null };
  let settled;
  try {
    settled = await page.waitForFunction(finalPrediction, SETTLE_FRAMES, { polling: 'raf', timeout: options.timeoutMs ?? 15_000 });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { label: sample.label, predicted: null, latencyMs: null };
    throw error;
  }
  const { digit, latencyMs } = (await settled.jsonValue()) as { digit: string; latencyMs: number };
  await settled.dispose();
  return { label: sample.label, predicted: /^\d$/.test(digit) ? Number(digit) : null, latencyMs };
}

/** After this many samples in a row with no prediction shown, the page is taken to be broken. */
const UNREAD_IN_A_ROW = 3;

/** Reads every sample in turn; `onRead` hears about each (for progress). */
export async function readSamples(
  page: Page,
  samples: readonly PenDigit[],
  options: ReplayOptions & { onRead?: (reading: Reading, index: number) => void } = {},
): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const [index, sample] of samples.entries()) {
    const reading = await readSample(page, sample, options);
    readings.push(reading);
    if (readings.length >= UNREAD_IN_A_ROW && readings.slice(-UNREAD_IN_A_ROW).every((r) => r.predicted === null)) {
      throw new Error(`The drawing page showed no prediction for ${UNREAD_IN_A_ROW} samples in a row (up to sample ${index + 1}); stopping.`);
    }
    options.onRead?.(reading, index);
  }
  return readings;
}

/** Pointer moves with the left button held, from the first to the last of `points` (page coordinates). */
async function moveWithButtonDown(page: Page, points: readonly Point[], pace: Pace): Promise<void> {
  if (pace === 'one-by-one') {
    for (const { x, y } of points) await page.mouse.move(x, y);
    return;
  }
  // Chromium handles the protocol's input events in the order sent, so nothing is reordered.
  const session = await inputSession(page);
  await Promise.all(points.map(({ x, y }) => session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'left', buttons: 1 })));
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function inputSession(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (session === undefined) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

async function visibleBox(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(selector).boundingBox();
  if (box === null) throw new Error(`${selector} is not visible on the drawing page.`);
  return box;
}

/** A real click in the middle of the element, without Playwright's waiting for it to settle (which costs ~150 ms a sample). */
async function clickCentre(page: Page, selector: string): Promise<void> {
  const box = await visibleBox(page, selector);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

interface Probe {
  predictionSelector: string;
  upAt: number | null;
  seqAtUp: number;
  lastChangeAt: number | null;
  seenChangeAt: number | null;
  quietFrames: number;
  digit: string;
}

type ProbeWindow = Window & { handwritingProbe?: Probe };

/** Runs in the page: notes each pointer-up on the canvas and each move of data-seq after it. */
function installLatencyProbe({ canvasSelector, predictionSelector }: { canvasSelector: string; predictionSelector: string }): void {
  const canvas = document.querySelector(canvasSelector);
  const output = document.querySelector<HTMLElement>(predictionSelector);
  if (canvas === null || output === null) throw new Error('The drawing page lacks the canvas or the prediction element.');
  const probe: Probe = { predictionSelector, upAt: null, seqAtUp: 0, lastChangeAt: null, seenChangeAt: null, quietFrames: 0, digit: '' };
  canvas.addEventListener(
    'pointerup',
    () => {
      probe.upAt = performance.now();
      probe.seqAtUp = Number(output.dataset.seq);
      probe.lastChangeAt = null;
      probe.seenChangeAt = null;
      probe.quietFrames = 0;
    },
    { capture: true },
  );
  new MutationObserver(() => {
    if (probe.upAt === null || Number(output.dataset.seq) <= probe.seqAtUp) return;
    probe.lastChangeAt = performance.now();
    probe.digit = output.dataset.digit ?? '';
  }).observe(output, { attributes: true, attributeFilter: ['data-seq'] });
  (window as ProbeWindow).handwritingProbe = probe;
}

/** Runs in the page once per animation frame: the final prediction once it is shown, else false. */
function finalPrediction(settleFrames: number): { digit: string; latencyMs: number } | false {
  const probe = (window as ProbeWindow).handwritingProbe;
  if (probe === undefined) throw new Error('The latency probe is not installed (openDrawingPage installs it).');
  if (probe.upAt === null || probe.lastChangeAt === null) return false;
  const settled = document.querySelector<HTMLElement>(probe.predictionSelector)?.dataset.settled;
  if (settled !== undefined) return settled === 'true' ? { digit: probe.digit, latencyMs: probe.lastChangeAt - probe.upAt } : false;
  if (probe.lastChangeAt !== probe.seenChangeAt) {
    probe.seenChangeAt = probe.lastChangeAt;
    probe.quietFrames = 0;
    return false;
  }
  probe.quietFrames += 1;
  if (probe.quietFrames < settleFrames) return false;
  return { digit: probe.digit, latencyMs: probe.lastChangeAt - probe.upAt };
}
