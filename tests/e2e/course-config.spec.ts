/**
 * A second course configuration (tests/fixtures/course-subset.config.json, built into
 * dist-course/ by scripts/build-sites.ts and served under /course/ on a plain static host):
 * its title, its four lessons in its order and numbering, nothing else built.
 */
import { expect, test } from './test';
import { readFileSync } from 'node:fs';
import { SUBPATH_URL } from './urls';

const subset = JSON.parse(readFileSync(new URL('../fixtures/course-subset.config.json', import.meta.url), 'utf8')) as { title: string; lessons: string[] };

test('the second course configuration: its title, its lessons in its order, and no other lesson', async ({ page }) => {
  await page.goto(SUBPATH_URL);
  await expect(page.getByTestId('course-title')).toHaveText(subset.title);
  await expect(page).toHaveTitle(new RegExp(`^${subset.title}:`));
  const cards = page.getByTestId('lesson-list').locator('[data-lesson-slug]');
  await expect(cards).toHaveCount(subset.lessons.length);
  expect(await cards.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.lessonSlug))).toEqual(subset.lessons);
  await expect(page.getByTestId('lesson-coming')).toHaveCount(0);

  await cards.nth(1).getByRole('link').click();
  await expect(page).toHaveURL(`${SUBPATH_URL}lessons/${subset.lessons[1]}/`);
  await expect(page.locator('.lesson-kicker')).toContainText(`Lesson 2 of ${subset.lessons.length}`);
  await expect(page).toHaveTitle(new RegExp(`· ${subset.title}$`));

  const left = await page.request.get(`${SUBPATH_URL}lessons/training/`);
  expect(left.status(), 'a lesson the configuration leaves out is not built').toBe(404);
});
