/**
 * The privacy promise, checked (issue 18): a full walk through the course — every lesson linked
 * from the home page, every cell run, every code cell run, a short training run in lesson 4, a
 * digit drawn on the pad — records every request the pages and their workers make, and fails on
 * any that goes to a host but the site's own. Nothing is aborted or faked: what a school's
 * network would see is what is recorded. (The hostile walk blocks foreign requests as it goes;
 * this one lets the course work normally and proves there are none.)
 */
import { expect, test, type Page } from './test';
import { drawWithMouse, oneOfEachDigit, settledReading } from './draw-page';
import { fillForm } from './lesson-4-page';
import { TUTORIAL_CNN } from '../../src/lib/model/presets';

/** A cap on each wait, not an expected duration: a cell still working is left to work. */
const CELL_WAIT_MS = 60_000;

async function lessonLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.getByTestId('lesson-list').locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
  return [...new Set(hrefs.filter((href) => new URL(href).origin === origin))];
}

async function runEveryCell(page: Page): Promise<void> {
  const runAll = page.getByRole('button', { name: 'Run all cells' });
  if (await runAll.isVisible()) await runAll.click();
  await expect(page.locator('[data-cell][data-state="running"]')).toHaveCount(0, { timeout: CELL_WAIT_MS }).catch(() => {});
}

async function runEveryCodeCell(page: Page): Promise<number> {
  const notebook = page.locator('[data-code-notebook]');
  if ((await notebook.count()) === 0) return 0;
  await notebook.first().scrollIntoViewIfNeeded();
  await expect(page.locator('[data-code-notebook][data-ready="true"]').first()).toBeAttached();
  const cells = page.locator('[data-code-cell]');
  const count = await cells.count();
  for (let i = 0; i < count; i++) {
    const cell = cells.nth(i);
    await cell.locator('[data-action="run"]').click();
    await expect(cell).not.toHaveAttribute('data-state', /^(idle|running)$/, { timeout: CELL_WAIT_MS }).catch(() => {});
  }
  return count;
}

test("a walk through the whole course asks nothing of any host but the site's own", async ({ page, context, baseURL }) => {
  test.setTimeout(10 * 60_000);
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('websocket', (socket) => requests.push(socket.url()));
  // The tutorial network keeps lesson 4's short run short (a lesson-3 choice would win).
  await context.addInitScript((choice) => {
    if (!localStorage.getItem('digit-lab:model-choice:v1')) localStorage.setItem('digit-lab:model-choice:v1', choice);
  }, JSON.stringify({ preset: 'tutorial', config: TUTORIAL_CNN }));

  await page.goto('/');
  const lessons = await lessonLinks(page, origin);
  expect(lessons.length, 'the home page links to the lessons').toBeGreaterThanOrEqual(4);
  const walked: string[] = [];
  let codeCells = 0;
  let trained = false;
  let drew = false;
  for (const url of lessons) {
    await page.goto(url);
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    await runEveryCell(page);
    if (await page.getByTestId('training-panel').isVisible()) {
      await fillForm(page, { maxSteps: '10', batchSize: '32', backend: 'wasm' });
      await page.getByRole('button', { name: 'Start training' }).click();
      await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'done', { timeout: 3 * 60_000 });
      trained = true;
    }
    if ((await page.locator('[data-draw-pad]').count()) > 0) {
      await page.locator('[data-draw-pad]').scrollIntoViewIfNeeded();
      await drawWithMouse(page, oneOfEachDigit(28)[3]!.strokes);
      expect((await settledReading(page)).digit).toMatch(/^\d$/);
      drew = true;
    }
    codeCells += await runEveryCodeCell(page);
    walked.push(new URL(url).pathname);
  }

  expect(walked.length).toBe(lessons.length);
  expect(trained, 'the walk trained a model in the training lesson').toBe(true);
  expect(drew, 'the walk drew on the pad').toBe(true);
  expect(codeCells, 'the walk ran code cells').toBeGreaterThan(0);
  expect(requests.some((url) => url.includes('/data/mnist/')), 'the walk downloaded MNIST').toBe(true);
  const foreign = requests.filter((url) => {
    const parsed = new URL(url);
    return parsed.protocol !== 'data:' && parsed.protocol !== 'blob:' && parsed.origin !== origin;
  });
  expect(foreign, `of ${requests.length} requests, none leaves ${origin}`).toEqual([]);
});
