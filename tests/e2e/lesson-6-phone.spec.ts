import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { expectNoSidewaysScroll, runLessonCell } from './lesson-5-page';

test('lesson 6 on a phone: filters, feature maps and saliency render; a digit drawn by touch is followed; nothing scrolls sideways', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/lessons/inside-the-network/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
  for (const id of ['filters', 'feature-maps', 'saliency', 'excite']) await runLessonCell(page, id);
  expect(await page.locator('[data-testid="filters"] canvas[data-inked="true"]').count()).toBeGreaterThan(24);
  expect(await page.locator('[data-testid="feature-map"] canvas[data-inked="true"]').count()).toBeGreaterThan(20);
  await expect(page.getByTestId('saliency')).toHaveAttribute('data-inked', 'true');

  // A vertical stroke with a finger on the small pad.
  const pad = page.getByTestId('inspect-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const x = box.x + box.width / 2;
  const session = await page.context().newCDPSession(page);
  const touch = (y: number) => [{ x, y, id: 2, radiusX: 4, radiusY: 4, force: 1 }];
  await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(box.y + box.height * 0.2) });
  for (let i = 1; i <= 10; i++) await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(box.y + box.height * (0.2 + 0.06 * i)) });
  await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(page.getByTestId('output-feature-maps')).toHaveAttribute('data-digit', 'your drawing');

  await expectNoSidewaysScroll(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
