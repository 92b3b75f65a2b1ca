import { expect, test } from './test';
import { expectNoSidewaysScroll } from './lesson-5-page';
import { drawWithTouch, oneOfEachDigit, openDrawPage, prediction, settledReading } from './draw-page';

test('lesson 7 on a 375 px phone: drawn with a finger, read, and the page does not scroll while drawing', async ({ page }) => {
  await openDrawPage(page);
  await expectNoSidewaysScroll(page);
  const canvas = page.getByTestId('draw-canvas');
  const box = (await canvas.boundingBox())!;
  expect(box.width).toBeGreaterThan(250);
  expect(box.x + box.width).toBeLessThanOrEqual(375);

  await page.evaluate(() => {
    const kinds: string[] = [];
    (window as unknown as { pointerKinds: string[] }).pointerKinds = kinds;
    document.querySelector('[data-testid="draw-canvas"]')!.addEventListener('pointerdown', (event) => kinds.push((event as PointerEvent).pointerType));
  });
  const session = await page.context().newCDPSession(page);
  const read: string[] = [];
  for (const digit of [0, 3, 7]) {
    await page.getByTestId('clear').tap();
    // The tap reached Clear: the pad is empty before the next digit goes on it.
    await expect(canvas).toHaveAttribute('data-strokes', '0');
    await expect(prediction(page)).toHaveAttribute('data-digit', '');
    await canvas.scrollIntoViewIfNeeded();
    const scrolledBefore = await page.evaluate(() => scrollY);
    const padBefore = (await canvas.boundingBox())!.y;
    await drawWithTouch(page, session, oneOfEachDigit(26)[digit]!.strokes);
    read.push((await settledReading(page)).digit);
    // Neither the page nor the pad under the finger moved.
    expect(await page.evaluate(() => scrollY)).toBe(scrolledBefore);
    expect((await canvas.boundingBox())!.y).toBe(padBefore);
  }
  expect(read).toEqual(['0', '3', '7']);
  expect(await page.evaluate(() => (window as unknown as { pointerKinds: string[] }).pointerKinds)).toContain('touch');

  // The same finger movement on the lesson's text does scroll the page: the pad, not the test, keeps it still.
  await page.evaluate(() => window.scrollTo(0, 0));
  const heading = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
  const touch = (y: number) => [{ x: heading.x + 20, y, id: 2, radiusX: 4, radiusY: 4, force: 1 }];
  const start = heading.y + 300;
  await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(start) });
  for (let y = start; y > start - 250; y -= 10) await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(y) });
  await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(0);
  await expect(prediction(page)).toHaveAttribute('data-digit', '7');

  // Clear tapped straight after the finger lifts, as a quick hand does, still clears.
  await drawWithTouch(page, session, oneOfEachDigit(26)[1]!.strokes);
  await page.getByTestId('clear').tap();
  await expect(canvas).toHaveAttribute('data-strokes', '0');
  await expect(prediction(page)).toHaveAttribute('data-digit', '');
});
