/**
 * The course as one path: the augmentation a student switches on in lesson 2 is what lesson 4
 * shows, sends with its training request, and trains with.
 */
import { expect, test } from './test';
import { fillForm, openTraining } from './lesson-4-page';
import { runCell } from './lesson-page';

test('augmentation switched on in lesson 2 is shown and sent by lesson 4, and a short run with it completes', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/lessons/preprocessing/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
  await runCell(page, 'use-augmentation');
  await page.getByTestId('augment-rotation').fill('15');
  await page.getByTestId('augment-switch').check();
  await expect(page.getByTestId('augment-state')).toContainText('shift ±2 px, rotation ±15°, scale ±10%');

  await openTraining(page);
  await expect(page.getByTestId('train-augment')).toContainText('With augmentation from lesson 2: shift ±2 px, rotation ±15°, scale ±10%');
  await fillForm(page, { maxSteps: '6', batchSize: '32', backend: 'wasm' });
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-augment', JSON.stringify({ maxShiftPixels: 2, maxRotationDegrees: 15, maxScale: 0.1 }));
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', /done|stopped/, { timeout: 120_000 });
});
