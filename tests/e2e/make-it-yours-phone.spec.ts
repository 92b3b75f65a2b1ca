/**
 * Lesson 8 on a 375 px phone: a held-out writer's digits collected with a finger through the
 * page contract, a fine-tune, and no sideways scroll anywhere on the page; axe-clean.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { expectNoSidewaysScroll } from './lesson-5-page';
import { collect, collectCount, fineTune, fineTuneResult, openMakeItYours } from './make-it-yours-page';

test('lesson 8 on a phone: collect with a finger, fine-tune, the new model in My models; no sideways scroll', async ({ page }) => {
  test.setTimeout(420_000);
  await openMakeItYours(page);
  await expectNoSidewaysScroll(page);
  const box = (await page.getByTestId('collect-canvas').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(375);

  const session = await page.context().newCDPSession(page);
  await collect(page, 28, 30, session);
  await expect(collectCount(page)).toHaveAttribute('data-count', '30');
  const figures = await fineTune(page);
  await expect(fineTuneResult(page)).toHaveAttribute('data-state', 'done');
  expect(figures.afterOwn).toBeGreaterThanOrEqual(figures.beforeOwn);
  await expect(page.locator(`[data-testid="my-model"][data-model-id="${figures.model}"]`)).toHaveAttribute('data-in-use', 'true');
  await expectNoSidewaysScroll(page);

  const axe = await new AxeBuilder({ page }).include('[data-make-it-yours]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
});
