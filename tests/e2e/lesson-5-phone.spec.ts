import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { confusionCounts, diagonal, expectNoSidewaysScroll, openLessonFive, runLessonCell, total } from './lesson-5-page';

test('lesson 5 on a phone: the matrix adds up, a tapped cell shows its images, nothing scrolls sideways', async ({ page }) => {
  test.setTimeout(300_000);
  await openLessonFive(page);
  await runLessonCell(page, 'confusion');
  const counts = await confusionCounts(page, 'default');
  expect(total(counts)).toBe(10_000);
  const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'));
  expect(diagonal(counts) / 10_000).toBeCloseTo(accuracy, 10);
  const cell = page.locator('[data-testid="confusion-cell"][data-actual="9"][data-predicted="4"]');
  await cell.tap();
  await expect(page.getByTestId('cell-images').getByTestId('gallery-item')).toHaveCount(counts[9]![4]!);
  for (const id of ['per-class', 'mistakes', 'calibration', 'compare', 'handwriting']) await runLessonCell(page, id);
  await expect(page.getByTestId('compare-table').locator('thead th')).toHaveCount(3);
  await expectNoSidewaysScroll(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
