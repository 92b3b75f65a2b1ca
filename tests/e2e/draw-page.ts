/**
 * Driving lesson 7's drawing pad the way a person does: real pen samples from
 * data/pendigits replayed as pointer strokes, and the output read through the page's
 * contract (data-testid="prediction" with data-ready, data-digit, data-seq, data-settled).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type CDPSession, type Page } from '@playwright/test';
import { loadPenDigits } from '../../scripts/lib/pen-dataset';
import { penSampleToPad } from '../../src/lib/eval/pad-mapping';
import type { PenDigit } from '../../src/lib/pendigits/unipen';
import type { Drawing } from '../../src/lib/preprocess/strokes';

let samples: PenDigit[] | undefined;

/** Every sample of the repository's pendigits-orig.tra. */
export function penDigits(): PenDigit[] {
  samples ??= loadPenDigits();
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

/**
 * `strokes` (in the tablet's 500 × 500 box) in page coordinates on the pad, keeping where and
 * how large the writer wrote: the evaluation's own mapping, offset to where the pad is.
 */
async function onScreen(page: Page, strokes: Drawing): Promise<Drawing> {
  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  return penSampleToPad(strokes, box).map((stroke) => stroke.map(({ x, y }) => ({ x: box.x + x, y: box.y + y })));
}

/** Draws `strokes` (in the 500 × 500 tablet box) with the mouse. */
export async function drawWithMouse(page: Page, strokes: Drawing): Promise<void> {
  const handled = await strokesHandled(page);
  const onPad = await onScreen(page, strokes);
  for (const [first, ...rest] of onPad) {
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(point.x, point.y);
    await page.mouse.up();
  }
  await handled(onPad.length);
}

/** Draws `strokes` with a finger: real touch input through Chromium's input pipeline (pointerType "touch"). */
export async function drawWithTouch(page: Page, session: CDPSession, strokes: Drawing): Promise<void> {
  const touch = (point: { x: number; y: number }) => [{ x: point.x, y: point.y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  const handled = await strokesHandled(page);
  const onPad = await onScreen(page, strokes);
  for (const points of onPad) {
    await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(points[0]!) });
    for (const point of points.slice(1)) await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(point) });
    await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await handled(onPad.length);
}

/**
 * Waits, after drawing, until the page has handled every stroke (the canvas's data-strokes and
 * data-pen), so a settled reading is never taken before the page has seen the whole drawing.
 * (A CI run once read a 7 as 3; the cause turned out to be a lost tap on Clear, see
 * pad-canvas.ts, not a late stroke, but the wait costs nothing and says so if strokes go missing.)
 */
async function strokesHandled(page: Page): Promise<(added: number) => Promise<void>> {
  const canvas = page.getByTestId('draw-canvas');
  const before = Number((await canvas.getAttribute('data-strokes')) ?? 0);
  return async (added) => {
    await expect(canvas).toHaveAttribute('data-strokes', String(before + added));
    await expect(canvas).toHaveAttribute('data-pen', 'up');
  };
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

export interface UploadPayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * The shipped model as `tensorflowjs_converter` writes a Keras 2 model (topology under
 * model_config, weights in group1-shardNofM.bin), with its first kernel divided by 255:
 * a model that reads digits only when it is given pixels 0–255, like many Keras tutorials' models.
 */
export function kerasStyleModel255(shards = 2): UploadPayload[] {
  const dir = resolve(process.cwd(), 'public/models/default');
  const saved = JSON.parse(readFileSync(resolve(dir, 'model.json'), 'utf8')) as {
    modelTopology: { class_name: string; config: unknown };
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
  };
  const bytes = readFileSync(resolve(dir, 'weights.bin'));
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const firstKernel = saved.weightsManifest[0]!.weights[0]!.shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < firstKernel; i++) weights[i]! /= 255;
  const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: { class_name: saved.modelTopology.class_name, config: saved.modelTopology.config },
    },
    weightsManifest: [{ paths, weights: saved.weightsManifest.flatMap((group) => group.weights) }],
  };
  const all = Buffer.from(weights.buffer);
  const shardSize = Math.ceil(all.byteLength / shards);
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelJson)) },
    ...paths.map((name, i) => ({ name, mimeType: 'application/octet-stream', buffer: all.subarray(i * shardSize, (i + 1) * shardSize) })),
  ];
}
