import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { openLessonOne, runCell } from './lesson-page';

test('the home page lists the lessons in order, each with its state', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByTestId('lesson-list').locator('li');
  await expect(cards.first()).toContainText('Meet the data');
  await expect(cards.first().getByTestId('lesson-state')).toHaveText('Not started');
  const numbers = await cards.locator('.number').allTextContents();
  expect(numbers.map(Number)).toEqual([...numbers.map(Number)].sort((a, b) => a - b));
  await cards.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/lessons\/meet-the-data\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meet the data');
});

test('the home page lists all eight lessons in order; the ones not written yet are listed, unlinked, as coming', async ({ page, request }) => {
  await page.goto('/');
  const cards = page.getByTestId('lesson-list').locator('li');
  await expect(cards).toHaveCount(8);
  expect((await cards.locator('.number').allTextContents()).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  await expect(cards.nth(1)).toContainText('Preprocessing');
  for (let i = 0; i < 8; i++) {
    const card = cards.nth(i);
    const coming = (await card.getAttribute('data-coming')) === 'true';
    if (coming) {
      // A coming lesson has no link and says so; it has no page yet.
      await expect(card.getByRole('link')).toHaveCount(0);
      await expect(card.getByTestId('lesson-coming')).toHaveText('Coming');
    } else {
      // A written lesson is a link to a page that exists, and says "Lesson N of 8".
      const href = await card.getByRole('link').getAttribute('href');
      await expect(card.getByTestId('lesson-state')).toBeVisible();
      const html = await (await request.get(href!)).text();
      expect(html).toContain(`Lesson ${i + 1} of 8`);
    }
  }
});

test('previous and next skip no lesson that exists', async ({ page }) => {
  await page.goto('/');
  const hrefs = await page.getByTestId('lesson-list').getByRole('link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  for (const [i, href] of hrefs.entries()) {
    await page.goto(href);
    const nav = page.getByRole('navigation', { name: 'Lessons' });
    const pathOf = async (rel: string) => {
      const link = nav.locator(`a[rel="${rel}"]`);
      return (await link.count()) === 0 ? undefined : new URL(await link.evaluate((a) => (a as HTMLAnchorElement).href)).pathname;
    };
    expect(await pathOf('prev')).toBe(hrefs[i - 1]);
    expect(await pathOf('next')).toBe(hrefs[i + 1]);
  }
});

test('running a lesson marks it in progress, then done, on the home page', async ({ page }) => {
  await openLessonOne(page);
  await runCell(page, 'load');
  await page.goto('/');
  const state = page.locator('[data-lesson-slug="meet-the-data"]').getByTestId('lesson-state');
  await expect(state).toHaveText('In progress');

  await openLessonOne(page);
  await page.getByRole('button', { name: 'Run all cells' }).click();
  await expect(page.locator('[data-cell="browse"]')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await page.goto('/');
  await expect(state).toHaveText('Done');
  await page.getByRole('button', { name: 'Forget my progress' }).click();
  await expect(state).toHaveText('Not started');
});

test('a lesson links back to the course and to its neighbours', async ({ page }) => {
  await openLessonOne(page);
  const nav = page.getByRole('navigation', { name: 'Lessons' });
  await expect(nav.locator('a[rel="prev"]')).toHaveCount(0);
  await nav.getByRole('link', { name: 'All lessons' }).click();
  await expect(page.getByTestId('lesson-list')).toBeVisible();
});

test('Run buttons come disabled in the HTML and are enabled once the notebook is wired', async ({ page, request }) => {
  const html = await (await request.get('/lessons/meet-the-data/')).text();
  const runButtons = html.match(/<button[^>]*class="primary cell-run"[^>]*>/g) ?? [];
  expect(runButtons.length).toBeGreaterThan(0);
  expect(runButtons.every((button) => / disabled[ >]/.test(button))).toBe(true);
  await openLessonOne(page);
  for (const button of await page.locator('.cell-run').all()) await expect(button).toBeEnabled();
});

test('the home page, coming lessons included, has no accessibility violations (axe)', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('lesson-list').locator('li')).toHaveCount(8);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} [${v.impact}]: ${v.help} (${v.nodes.length})`)).toEqual([]);
});
