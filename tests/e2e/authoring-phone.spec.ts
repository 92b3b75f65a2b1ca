/** The authoring catalogue at phone width: no sideways scroll, with the snippets and the opened blocks. */
import { runCell } from './lesson-page';
import { expectNoSidewaysScroll } from './lesson-5-page';
import { expect, test } from './test';

test('at 375 px the catalogue, its long snippets and its opened blocks fit without sideways scroll; a snippet scrolls inside itself', async ({ page }) => {
  await page.goto('/authoring/');
  await expect(page.locator('[data-lesson="authoring"][data-notebook-ready="true"]')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await runCell(page, 'grid');
  await runCell(page, 'builder');
  await runCell(page, 'train');
  await expectNoSidewaysScroll(page);
  const snippet = page.getByTestId('snippet-quiz').locator('..');
  expect(await snippet.evaluate((pre) => pre.scrollWidth > pre.clientWidth)).toBe(true);
  await snippet.focus();
  await expect(snippet).toBeFocused(); // a keyboard user can scroll it
});
