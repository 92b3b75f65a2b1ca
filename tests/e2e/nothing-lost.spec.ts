/**
 * Issue 13, "nothing lost, no dead page": storage refused, a dependent cell whose input
 * failed, ink past the pad's edge, and the pad without a pointer. (Lesson 7's model fallback
 * is draw-fallback.spec.ts; lesson 3's drafts are in lesson-3.spec.ts.)
 */
import { expect, test, type Page } from './test';
import { kerasStyleModel255, openDrawPage, prediction, settledReading } from './draw-page';

/** A private window at its strictest: localStorage throws, IndexedDB refuses to open. */
async function refuseStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const denied = () => new DOMException('The operation is insecure.', 'SecurityError');
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw denied(); } });
    Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => ({ open: () => { throw denied(); } }) });
  });
}

/** The 28×28 input the model reads, as grey values 0–255. */
async function modelInput(page: Page): Promise<number[]> {
  return page.locator('[data-model-input]').evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    return [...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data].filter((_, i) => i % 4 === 0);
  });
}

/** An L: down the pad's left third, then right to `rightEnd` (a share of the pad's width; past 1 is off the pad). */
async function drawL(page: Page, rightEnd: number): Promise<void> {
  const box = (await page.getByTestId('draw-canvas').boundingBox())!;
  const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(0.3, 0.2));
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(...at(0.3, 0.2 + 0.05 * step));
  for (let step = 1; step <= 20; step++) await page.mouse.move(...at(0.3 + ((rightEnd - 0.3) * step) / 20, 0.7));
  await page.mouse.up();
}

test.describe('nothing a student does loses their work or leaves a dead page', () => {
  test('with storage refused, the page says once what will not be kept, and an upload stays in use and in the picker', async ({ page }) => {
    await refuseStorage(page);
    await openDrawPage(page);
    await expect(page.getByTestId('storage-notice')).toBeVisible();
    await expect(page.getByTestId('storage-notice')).toHaveCount(1);
    await expect(page.getByTestId('storage-notice')).toContainText('the models you train or upload');
    await page.getByText('Use your own Keras model').click();
    await page.getByTestId('model-upload').setInputFiles(kerasStyleModel255());
    await expect(page.locator('[data-upload-status]')).toContainText('for this visit only');
    const uploaded = (await prediction(page).getAttribute('data-model'))!;
    expect(uploaded).not.toBe('default');
    const picker = page.getByLabel('Model', { exact: true });
    await expect(picker).toHaveValue(uploaded);
    await expect(picker.locator('option:checked')).toContainText('kept for this visit only');
    await picker.selectOption('default');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    await picker.selectOption(uploaded);
    await expect(prediction(page)).toHaveAttribute('data-model', uploaded);

    await page.goto('/lessons/building-the-cnn/');
    await expect(page.getByTestId('storage-notice')).toContainText('your progress, the model you build in lesson 3');
  });

  test('a cell whose input failed says so in that cell', async ({ page }) => {
    await page.route('**/*.gz', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await page.goto('/lessons/meet-the-data/');
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    const grid = page.locator('[data-cell="grid"]');
    await grid.locator('.cell-run').click();
    await expect(page.locator('[data-cell="load"]')).toHaveAttribute('data-state', 'error');
    await expect(grid).toHaveAttribute('data-state', 'error');
    await expect(grid.locator('.cell-error')).toContainText('This cell needs “Load MNIST”, which failed');
  });

  test('ink drawn past the pad’s edge is not fed to the model', async ({ page }) => {
    await openDrawPage(page);
    await drawL(page, 0.995); // the bar ends at the pad's right edge
    await settledReading(page);
    const shown = await modelInput(page);
    await page.getByTestId('clear').click();
    await drawL(page, 2.5); // the same bar, carried on far past the edge (the pad keeps the pointer)
    await settledReading(page);
    const fed = await modelInput(page);
    const difference = shown.reduce((sum, value, i) => sum + Math.abs(value - fed[i]!), 0) / shown.length;
    expect(difference).toBeLessThan(8); // the same picture; with the hidden ink the L shrinks to a third
  });

  test('keyboard and screen-reader users can have a digit drawn and hear the reading', async ({ page }) => {
    await openDrawPage(page);
    const sample = page.getByLabel('No pointer? Draw a sample');
    await sample.focus();
    await sample.selectOption('7');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('draw-sample')).toBeFocused();
    await page.keyboard.press('Enter');
    expect((await settledReading(page)).digit).toBe('7');
    await expect(page.locator('[data-announcer]')).toContainText('The model reads: 7');

    await page.getByTestId('draw-canvas').focus();
    await page.keyboard.press('3');
    await expect(prediction(page)).toHaveAttribute('data-digit', '3');
    expect((await settledReading(page)).digit).toBe('3');
    await page.keyboard.press('Escape');
    await expect(prediction(page)).toHaveAttribute('data-digit', '');
  });
});
