import { expect, test, type Page } from './test';
import { drawWithMouse, oneOfEachDigit, prediction, settledReading } from './draw-page';

/**
 * Issue 13: a model that fails to load must not leave the pad dead. It falls back to the
 * next model that loads (saying so), the picker shows what is really loaded, and choosing
 * the failed model again retries it.
 */
const modelStatus = (page: Page) => page.locator('[data-model-status]');
const picker = (page: Page) => page.getByLabel('Model', { exact: true });

async function readsA(page: Page, digit: number): Promise<string> {
  await page.getByTestId('clear').click();
  await drawWithMouse(page, oneOfEachDigit(24)[digit]!.strokes);
  return (await settledReading(page)).digit;
}

test.describe('lesson 7: a model that fails to load', () => {
  test('an unreachable default model falls back to the MNIST-only one, and choosing it again retries', async ({ page }) => {
    await page.route('**/models/default/model.json', (route) => route.abort('internetdisconnected'));
    await page.goto('/lessons/draw-and-predict/');
    await expect(prediction(page)).toHaveAttribute('data-ready', 'true');
    await expect(prediction(page)).toHaveAttribute('data-model', 'mnist-only');
    await expect(picker(page)).toHaveValue('mnist-only');
    await expect(modelStatus(page)).toContainText('could not be downloaded');
    await expect(modelStatus(page)).toContainText('Reading with: Shipped model trained on MNIST only.');
    await expect(modelStatus(page)).not.toContainText('Failed to fetch');
    expect(await readsA(page, 5)).toMatch(/^\d$/);

    // Back online: choosing the shipped model again loads it.
    await page.unroute('**/models/default/model.json');
    await picker(page).selectOption('default');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    await expect(modelStatus(page)).toHaveText('Reading with: Shipped model (MNIST + pen writers 1–20).');
    expect(await readsA(page, 2)).toBe('2');
  });

  test('a damaged weights file is named as such, the pad falls back, and the picker shows the model in use', async ({ page }) => {
    await page.route('**/models/default/weights.bin', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.alloc(1000) }));
    await page.goto('/lessons/draw-and-predict/');
    await expect(prediction(page)).toHaveAttribute('data-model', 'mnist-only');
    await expect(picker(page)).toHaveValue('mnist-only');
    await expect(modelStatus(page)).toContainText('weights file is damaged');
    expect(await readsA(page, 8)).toMatch(/^\d$/);

    // Choosing the broken one again keeps the model in use, and says so.
    await picker(page).selectOption('default');
    await expect(modelStatus(page)).toContainText('Still reading with: Shipped model trained on MNIST only');
    await expect(picker(page)).toHaveValue('mnist-only');
    await expect(prediction(page)).toHaveAttribute('data-model', 'mnist-only');
  });

  test('when no model loads the picker says so, and choosing a model retries it', async ({ page }) => {
    await page.route('**/models/*/model.json', (route) => route.abort('internetdisconnected'));
    await page.goto('/lessons/draw-and-predict/');
    await expect(modelStatus(page)).toContainText('No model could be loaded');
    await expect(picker(page)).toHaveValue('');
    await page.unroute('**/models/*/model.json');
    await picker(page).selectOption('default');
    await expect(prediction(page)).toHaveAttribute('data-ready', 'true');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    expect(await readsA(page, 2)).toBe('2');
  });
});
