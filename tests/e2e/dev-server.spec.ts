import { expect, test } from './test';
import { openLessonOne, runCell } from './lesson-page';

// The dev server transforms modules on demand and pre-bundles dependencies differently from a
// build (a Node-only path of TF.js once broke it): lesson 1 and the training worker must run there too.
test('under `astro dev`, lesson 1 runs and the training worker trains', async ({ page }) => {
  test.setTimeout(120_000);
  await openLessonOne(page);
  await runCell(page, 'grid');
  await expect(page.getByTestId('digit-grid').locator('canvas')).toHaveCount(100);

  await page.goto('/bench/?model=tutorial&backend=wasm&steps=5');
  const result = page.getByTestId('bench-result');
  await expect(result).toHaveAttribute('data-state', /done|error/, { timeout: 90_000 });
  expect(JSON.parse((await result.textContent()) ?? '{}')).toMatchObject({ backend: 'wasm', steps: 5 });
});

// tfjs-vis pulls a Node-only path (node-fetch) into the dev server's pre-bundling: the shim in
// astro.config.mjs must keep lesson 4's curves drawing there.
test('under `astro dev`, lesson 4 draws its tfjs-vis curves', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => localStorage.setItem('digit-lab:model-choice:v1', JSON.stringify({ preset: 'tutorial' })));
  await page.goto('/lessons/training/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible({ timeout: 60_000 });
  await page.locator('[data-cell="train"] .cell-run').click();
  const panel = page.getByTestId('training-panel');
  await panel.locator('input[name="maxSteps"]').fill('20');
  await panel.locator('input[name="batchSize"]').fill('32');
  await panel.locator('select[name="backend"]').selectOption('wasm');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 120_000 });
  await expect(page.getByTestId('curve-loss').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('training-curves')).not.toHaveAttribute('data-chart-error', /./);
});
