/**
 * Driving lesson 8 through its contract: collect-canvas, collect-prompt[data-digit],
 * collect-save, collect-count[data-count], fine-tune, fine-tune-result[data-state][data-model].
 * The digits drawn are a held-out pen writer's (data/pendigits, writers 21–30), replayed with
 * the mouse or a finger onto the collect pad the way draw-page.ts replays them on lesson 7's.
 */
import { expect, type CDPSession, type Page } from '@playwright/test';
import { penSampleToPad } from '../../src/lib/eval/pad-mapping';
import type { PenDigit } from '../../src/lib/pendigits/unipen';
import type { Drawing } from '../../src/lib/preprocess/strokes';
import { penDigits } from './draw-page';

export const collectCount = (page: Page) => page.getByTestId('collect-count');
export const fineTuneResult = (page: Page) => page.getByTestId('fine-tune-result');

export async function openMakeItYours(page: Page, root = '/'): Promise<void> {
  await page.goto(`${root}lessons/make-it-yours/`);
  await expect(page.getByTestId('collect-prompt')).toHaveAttribute('data-digit', /^[0-9]$/);
}

/** The writer's samples of each digit, in the data set's order. */
export function writerDigits(writer: number): PenDigit[][] {
  const mine = penDigits().filter((sample) => sample.writer === writer);
  return Array.from({ length: 10 }, (_, digit) => mine.filter((sample) => sample.label === digit));
}

async function onCollectPad(page: Page, strokes: Drawing): Promise<Drawing> {
  const canvas = page.getByTestId('collect-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  return penSampleToPad(strokes, box).map((stroke) => stroke.map(({ x, y }) => ({ x: box.x + x, y: box.y + y })));
}

export async function drawOnCollectPad(page: Page, strokes: Drawing, touch?: CDPSession): Promise<void> {
  for (const points of await onCollectPad(page, strokes)) {
    if (touch) {
      const at = (point: { x: number; y: number }) => [{ x: point.x, y: point.y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
      await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]!) });
      for (const point of points.slice(1)) await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(point) });
      await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    } else {
      await page.mouse.move(points[0]!.x, points[0]!.y);
      await page.mouse.down();
      for (const point of points.slice(1)) await page.mouse.move(point.x, point.y);
      await page.mouse.up();
    }
  }
}

/**
 * Draws what the prompt asks for, `count` times, with the writer's next sample of that digit,
 * and saves each; checks the count goes up by one per save.
 */
export async function collect(page: Page, writer: number, count: number, touch?: CDPSession): Promise<void> {
  const left = writerDigits(writer);
  const start = Number(await collectCount(page).getAttribute('data-count'));
  for (let i = 0; i < count; i++) {
    const digit = Number(await page.getByTestId('collect-prompt').getAttribute('data-digit'));
    const sample = left[digit]!.shift();
    if (!sample) throw new Error(`Writer ${writer} has no more samples of ${digit}`);
    await drawOnCollectPad(page, sample.strokes, touch);
    await page.getByTestId('collect-save').click();
    await expect(collectCount(page)).toHaveAttribute('data-count', String(start + i + 1));
  }
}

export interface FineTuneFigures {
  model: string;
  heldBack: number;
  beforeOwn: number;
  afterOwn: number;
  beforeMnist: number;
  afterMnist: number;
}

/** Presses fine-tune and waits for it to end; the figures from the result's table. */
export async function fineTune(page: Page): Promise<FineTuneFigures> {
  await page.getByTestId('fine-tune').click();
  const result = fineTuneResult(page);
  await expect(result).toHaveAttribute('data-state', 'running');
  await expect(result).toHaveAttribute('data-state', /^(done|error)$/, { timeout: 240_000 });
  const table = result.getByTestId('fine-tune-figures');
  const read = async (name: string) => Number(await table.getAttribute(name));
  return {
    model: (await result.getAttribute('data-model')) ?? '',
    heldBack: await read('data-held-back'),
    beforeOwn: await read('data-before-own'),
    afterOwn: await read('data-after-own'),
    beforeMnist: await read('data-before-mnist'),
    afterMnist: await read('data-after-mnist'),
  };
}
