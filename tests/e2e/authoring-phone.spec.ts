/** The authoring catalogue at phone width: no sideways scroll, with the snippets (wrapped) and the opened blocks. */
import { runCell } from './lesson-page';
import { expectNoSidewaysScroll } from './lesson-5-page';
import { expect, test } from './test';

test('at 375 px the catalogue, its long snippets and its opened blocks fit without sideways scroll; a long snippet wraps, and copies as written', async ({ page }) => {
  await page.goto('/authoring/');
  await expect(page.locator('[data-lesson="authoring"][data-notebook-ready="true"]')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await runCell(page, 'grid');
  await runCell(page, 'builder');
  await runCell(page, 'train');
  await expectNoSidewaysScroll(page);
  const code = page.getByTestId('snippet-quiz');
  const pre = code.locator('..');
  expect(await pre.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  // Wrapped on screen, one tag a line in the text an author copies.
  expect(await code.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThan(10); // five lines unwrapped are about 6 em
  expect((await code.textContent())!.split('\n')).toHaveLength(5);
});
