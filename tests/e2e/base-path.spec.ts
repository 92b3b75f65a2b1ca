import { expect, test } from './test';
import { openLessonOne, runCell } from './lesson-page';
import { SUBPATH_URL } from './urls';

test('the site built for a sub-path serves lesson 1 and its data with no 404', async ({ page }) => {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // Leaving a page aborts what it was still loading; that is not a missing file.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(`failed ${request.url()} ${request.failure()?.errorText}`);
  });

  await page.goto(SUBPATH_URL);
  await page.getByTestId('lesson-list').getByRole('link').first().click();
  await expect(page).toHaveURL(`${SUBPATH_URL}lessons/meet-the-data/`);
  await openLessonOne(page, SUBPATH_URL);
  await runCell(page, 'grid');
  await expect(page.getByTestId('digit-grid').locator('canvas')).toHaveCount(100);
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(urls.filter((url) => url.includes('/data/mnist/')).every((url) => url.startsWith(`${new URL(SUBPATH_URL).origin}/course/`))).toBe(true);
  expect(failures).toEqual([]);
});
