/**
 * Uploads on the page with real tensorflowjs_converter 4.22 output (tests/fixtures/keras-converted):
 * each loads, the page suggests the pixel range it was trained at (where the model shows it), and it
 * reads MNIST test images 0–19 exactly as Python did (expected.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test';
import { openDrawPage, prediction } from './draw-page';

const FIXTURES = join(process.cwd(), 'tests/fixtures/keras-converted');
const MODELS = ['keras3-sequential-cnn', 'keras3-functional-logits-0to255', 'tfkeras-sequential-1x28x28'] as const;

for (const name of MODELS) {
  test(`the real converter output ${name} loads, gets its pixel range and reads test images 0–19 as in Python`, async ({ page }) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as { pixelScale: string; first20Predictions: number[] };
    await openDrawPage(page);
    await page.getByText('Use your own Keras model').click();
    await page.getByTestId('model-upload').setInputFiles([join(FIXTURES, name, 'model.json'), join(FIXTURES, name, 'group1-shard1of1.bin')]);
    await expect(page.locator('[data-upload-status]')).toContainText('is in use');
    const range = expected.pixelScale === '0-255' ? '0–255' : '0–1';
    await expect(page.locator('[data-upload-status]')).toContainText(`It gets pixels ${range}`);
    await expect(page.getByRole('radio', { name: `pixels ${range}` })).toBeChecked();
    const uploaded = await prediction(page).getAttribute('data-model');
    expect(uploaded).not.toBe('default');

    await page.locator('[data-cell="mnist"] .cell-run').click();
    await expect(page.locator('[data-cell="mnist"]')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const readings = page.getByTestId('mnist-readings');
    await expect(readings).toHaveAttribute('data-model', uploaded!);
    await expect(readings).toHaveAttribute('data-digits', expected.first20Predictions.join(','));
  });
}
