import { expect, test } from './test';
import { expectNoSidewaysScroll } from './lesson-5-page';
import { countInkedCanvases, openLessonOne, runCell } from './lesson-page';

test('lesson 1 fits a 375 px phone: no sideways scrolling, digits and charts visible', async ({ page }) => {
  await openLessonOne(page);
  await page.getByRole('button', { name: 'Run all cells' }).tap();
  await expect(page.locator('[data-cell="browse"]')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await expectNoSidewaysScroll(page);
  expect(await countInkedCanvases(page, '[data-testid="digit-grid"] canvas')).toBe(100);
  await page.getByTestId('digit-grid').locator('.digit-button').nth(5).tap();
  await expect(page.getByTestId('digit-detail')).toBeVisible();
  const chart = page.getByTestId('labels-train').locator('svg');
  const box = await chart.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(375);
  expect(box!.width).toBeGreaterThan(250);
});

test('the home page fits a phone and its lesson link is tappable', async ({ page }) => {
  await page.goto('/');
  await expectNoSidewaysScroll(page);
  await page.getByTestId('lesson-list').getByRole('link').first().tap();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meet the data');
  await runCell(page, 'load');
});
