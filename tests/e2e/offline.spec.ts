import { expect, test, type Page } from './test';
import { drawWithMouse, oneOfEachDigit, openDrawPage, settledReading } from './draw-page';
import { openLessonOne, runCell } from './lesson-page';
import { SUBPATH_URL } from './urls';

test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker controls the page and has kept every file offline.json lists. */
async function waitUntilKept(page: Page, root: string): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const scope = new URL(root, page.url()).href;
  await expect
    .poll(
      () =>
        page.evaluate(async (scope) => {
          const list = (await (await fetch(`${scope}offline.json`)).json()) as { version: string; files: string[] };
          const cache = await caches.open(`digit-lab-site-${list.version}`);
          const kept = await Promise.all(list.files.map((file) => cache.match(scope + file)));
          return list.files.length > 0 && kept.every(Boolean);
        }, scope),
      { timeout: 30_000 },
    )
    .toBe(true);
}

for (const [name, root] of [
  ['at the root', '/'],
  ['under a sub-path', SUBPATH_URL],
] as const) {
  test(`after one visit, the course opens and lesson 1 runs with no network (${name})`, async ({ page, context }) => {
    await page.goto(root);
    await waitUntilKept(page, root);
    await openLessonOne(page, root);
    await runCell(page, 'load');

    await context.setOffline(true);
    await page.goto(root);
    await expect(page.getByTestId('lesson-list')).toContainText('Meet the data');
    await page.getByTestId('lesson-list').getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meet the data');
    await page.getByRole('button', { name: 'Run all cells' }).click();
    await expect(page.locator('[data-cell="browse"]')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    await expect(page.getByTestId('output-load')).toHaveAttribute('data-from-cache', 'true');
    await expect(page.getByTestId('labels-train').locator('svg rect')).toHaveCount(10);
  });
}

test('after one visit, the drawing pad loads its model and reads digits with no network', async ({ page, context }) => {
  await page.goto('/lessons/draw-and-predict/');
  await waitUntilKept(page, '/');
  await context.setOffline(true);
  await openDrawPage(page);
  await drawWithMouse(page, oneOfEachDigit(28)[6]!.strokes);
  expect((await settledReading(page)).digit).toBe('6');
});

test('on a static host that sends no special headers, the service worker makes the pages cross-origin isolated', async ({ page }) => {
  const response = await page.goto(SUBPATH_URL);
  expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await waitUntilKept(page, SUBPATH_URL);
  await page.reload();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await openLessonOne(page, SUBPATH_URL);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await runCell(page, 'grid');
});

test('a course deployed anew replaces the kept one at the next visit (the old cache is dropped)', async ({ page }) => {
  await page.goto('/');
  await waitUntilKept(page, '/');
  // What a student who visited an older deployment has: the course kept under another version.
  const version = await page.evaluate(async () => {
    const list = (await (await fetch('/offline.json')).json()) as { version: string };
    const current = `digit-lab-site-${list.version}`;
    const older = await caches.open('digit-lab-site-older-deployment');
    const kept = await caches.open(current);
    for (const request of await kept.keys()) await older.put(request, (await kept.match(request))!);
    await caches.delete(current);
    return current;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((key) => key.startsWith('digit-lab-site-'))), { timeout: 30_000 }).toEqual([version]);
  await waitUntilKept(page, '/');
});
