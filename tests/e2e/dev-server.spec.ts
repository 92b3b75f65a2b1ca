import { expect, test } from '@playwright/test';
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
