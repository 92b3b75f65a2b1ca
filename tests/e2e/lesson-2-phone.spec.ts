import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { expectNoSidewaysScroll } from './lesson-5-page';
import { countInkedCanvases } from './lesson-page';

const CELLS = ['load', 'scaling', 'first-layer', 'tensors', 'one-hot', 'split', 'augment', 'use-augmentation', 'leak', 'pen'];

test('lesson 2 runs all its cells on a 375 px phone with no sideways scrolling and no axe violations', async ({ page }) => {
  await page.goto('/lessons/preprocessing/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: 'Run all cells' }).tap();
  for (const id of CELLS) await expect(page.locator(`[data-cell="${id}"]`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.locator('.cell-error')).toHaveCount(0);
  await expectNoSidewaysScroll(page);

  expect(await countInkedCanvases(page, '[data-testid="augment-grid"] canvas')).toBe(24);
  await page.getByTestId('augment-reroll').tap();
  await expect(page.getByTestId('augment-grid')).toHaveAttribute('data-seed', '2');
  for (const testid of ['augment-grid', 'split-chart', 'batch-strip']) {
    const box = await page.getByTestId(testid).boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
  }

  const readout = page.locator('[data-cell="leak"]').getByTestId('tensor-memory');
  const baseline = Number(await readout.getAttribute('data-baseline'));
  await expect(readout).toHaveAttribute('data-tensors', String(baseline + 201));
  await page.getByTestId('leak-clean-up').tap();
  await expect(readout).toHaveAttribute('data-tensors', String(baseline));

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} [${v.impact}]: ${v.help} (${v.nodes.length})`)).toEqual([]);
});

test('the home page lists eight lessons on a phone without sideways scrolling', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('lesson-list').locator('li')).toHaveCount(8);
  await expectNoSidewaysScroll(page);
  await page.getByTestId('lesson-list').getByRole('link', { name: /Preprocessing/ }).tap();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preprocessing');
});
