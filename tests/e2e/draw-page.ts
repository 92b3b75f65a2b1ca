/**
 * Driving lesson 7's drawing pad the way a person does: real pen samples from
 * data/pendigits replayed as pointer strokes, and the output read through the page's
 * contract (data-testid="prediction" with data-ready, data-digit, data-seq, data-settled).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type CDPSession, type Page } from '@playwright/test';
import { parseUnipen, UNIPEN_BOX_SIZE, type PenDigit } from '../../src/lib/pendigits/unipen';
import type { Drawing, Point } from '../../src/lib/preprocess/strokes';

let samples: PenDigit[] | undefined;

/** Every sample of the repository's pendigits-orig.tra. */
export function penDigits(): PenDigit[] {
  samples ??= parseUnipen(readFileSync(resolve(process.cwd(), 'data/pendigits/pendigits-orig.tra'), 'utf8'));
  return samples;
}

/** The first sample of each digit 0–9 by `writer` (held-out writers are 21–30). */
export function oneOfEachDigit(writer: number): PenDigit[] {
  const mine = penDigits().filter((sample) => sample.writer === writer);
  return Array.from({ length: 10 }, (_, digit) => mine.find((sample) => sample.label === digit)!);
}

export async function openDrawPage(page: Page, root = '/', query = ''): Promise<void> {
  await page.goto(`${root}lessons/draw-and-predict/${query}`);
  await expect(prediction(page)).toHaveAttribute('data-ready', 'true');
}

export const prediction = (page: Page) => page.getByTestId('prediction');

/** Maps the tablet's 500 × 500 box onto the pad, keeping where and how large the writer wrote. */
async function toScreen(page: Page): Promise<(point: Point) => { x: number; y: number }> {
  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  return ({ x, y }) => ({ x: box.x + (x / UNIPEN_BOX_SIZE) * box.width, y: box.y + (y / UNIPEN_BOX_SIZE) * box.height });
}

/** Draws `strokes` (in the 500 × 500 tablet box) with the mouse. */
export async function drawWithMouse(page: Page, strokes: Drawing): Promise<void> {
  const screen = await toScreen(page);
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map(screen);
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(point.x, point.y);
    await page.mouse.up();
  }
}

/** Draws `strokes` with a finger: real touch input through Chromium's input pipeline (pointerType "touch"). */
export async function drawWithTouch(page: Page, session: CDPSession, strokes: Drawing): Promise<void> {
  const screen = await toScreen(page);
  for (const stroke of strokes) {
    const points = stroke.map(screen);
    const touch = (point: { x: number; y: number }) => [{ x: point.x, y: point.y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
    await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(points[0]!) });
    for (const point of points.slice(1)) await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(point) });
    await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
}

/** The digit and seq once the prediction of the whole drawing is shown. */
export async function settledReading(page: Page): Promise<{ digit: string; seq: number }> {
  await expect(prediction(page)).toHaveAttribute('data-settled', 'true');
  const output = prediction(page);
  return { digit: (await output.getAttribute('data-digit'))!, seq: Number(await output.getAttribute('data-seq')) };
}

/** How many pixels of the pad's canvas carry ink. */
export async function inkedPixels(page: Page): Promise<number> {
  return page.getByTestId('draw-canvas').evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) count++;
    return count;
  });
}
