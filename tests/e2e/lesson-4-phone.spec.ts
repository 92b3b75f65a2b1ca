import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { fillForm, openTraining } from './lesson-4-page';

test('Lesson 4 on a phone: the curves one above the other, nothing wider than the screen, axe clean', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await openTraining(page);
  await fillForm(page, { maxSteps: '40', batchSize: '64', backend: 'wasm' });
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('curve-accuracy')).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 60_000 });
  await page.getByTestId('training-panel').screenshot({ path: testInfo.outputPath('lesson-4-mid-run-375.png') });
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('save-outcome')).toBeVisible();
  const [loss, accuracy] = await Promise.all(['loss', 'accuracy'].map((m) => page.getByTestId(`curve-${m}`).boundingBox()));
  expect(accuracy!.y).toBeGreaterThan(loss!.y + loss!.height - 5); // stacked
  expect(loss!.x + loss!.width).toBeLessThanOrEqual(376);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.locator('[data-cell="models"] .cell-run').click();
  await expect(page.getByTestId('my-models')).toHaveAttribute('data-count', '1');
  await page.getByTestId('training-panel').screenshot({ path: testInfo.outputPath('lesson-4-done-375.png') });
  await page.getByTestId('my-models').screenshot({ path: testInfo.outputPath('lesson-4-my-models-375.png') });
  const results = await new AxeBuilder({ page }).include('[data-cell="train"]').include('[data-cell="models"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
