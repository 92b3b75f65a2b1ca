import { expect, test } from './test';
import AxeBuilder from '@axe-core/playwright';
import { countInkedCanvases, openLessonOne, runCell } from './lesson-page';
import { labelCountsFromRawFiles } from './mnist-truth';

test.describe('Lesson 1: Meet the data', () => {
  test('loads all of MNIST with a progress bar', async ({ page }) => {
    await openLessonOne(page);
    const load = page.locator('[data-cell="load"]');
    await load.locator('.cell-run').click();
    await expect(load.getByTestId('load-progress')).toBeVisible();
    await expect(load).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    await expect(load.getByTestId('train-count')).toHaveText('60,000');
    await expect(load.getByTestId('test-count')).toHaveText('10,000');
    const progress = load.getByTestId('load-progress');
    expect(await progress.evaluate((bar) => (bar as HTMLProgressElement).value / (bar as HTMLProgressElement).max)).toBe(1);
    await expect(load.locator('.load-label')).toContainText(/MB/);
  });

  test('shows 100 real digits, and one large with its pixel values when clicked', async ({ page }) => {
    await openLessonOne(page);
    await runCell(page, 'grid'); // runs "load" first by itself
    await expect(page.locator('[data-cell="load"]')).toHaveAttribute('data-state', 'done');
    const grid = page.getByTestId('digit-grid');
    await expect(grid.locator('canvas')).toHaveCount(100);
    expect(await countInkedCanvases(page, '[data-testid="digit-grid"] canvas')).toBe(100);
    const labels = await grid.locator('.digit-button').evaluateAll((buttons) => buttons.map((b) => Number((b as HTMLElement).dataset.label)));
    for (let digit = 0; digit < 10; digit++) expect(labels.filter((l) => l === digit)).toHaveLength(10);

    const seventh = grid.locator('.digit-button').nth(73);
    const label = await seventh.getAttribute('data-label');
    await seventh.click();
    const detail = page.getByTestId('digit-detail');
    await expect(detail).toContainText(`labelled “${label}”`);
    await expect(detail.locator('.pixel-table td')).toHaveCount(784);
    const values = await detail.locator('.pixel-table td').allTextContents();
    expect(values.every((v) => Number(v) >= 0 && Number(v) <= 255)).toBe(true);
    expect(values.some((v) => Number(v) > 200)).toBe(true);

    const first = await grid.locator('.digit-button').first().getAttribute('data-index');
    await page.locator('[data-cell="grid"]').getByRole('button', { name: 'Show 100 others' }).click();
    await expect(grid.locator('.digit-button').first()).not.toHaveAttribute('data-index', first!);
  });

  test('moves through the digit grid with the keyboard', async ({ page }) => {
    await openLessonOne(page);
    await runCell(page, 'grid');
    const buttons = page.getByTestId('digit-grid').locator('.digit-button');
    await buttons.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(buttons.nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(buttons.nth(99)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('digit-detail')).toContainText('labelled “9”');
  });

  test('a keyboard alone reaches and runs a cell', async ({ page }) => {
    await openLessonOne(page);
    const load = page.locator('[data-cell="load"]').getByRole('button', { name: 'Load the data' });
    for (let presses = 0; presses < 30 && !(await load.evaluate((el) => el === document.activeElement)); presses++) {
      await page.keyboard.press('Tab');
    }
    await expect(load).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-cell="load"]')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  });

  test('without IndexedDB (a private window) the data still loads, and the page says it cannot keep it', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined });
    });
    await openLessonOne(page);
    await runCell(page, 'load');
    await expect(page.getByTestId('train-count')).toHaveText('60,000');
    await expect(page.locator('.load-warning')).toContainText(/download(s)? again/);
  });

  test('bar charts have ten bars whose heights match the label counts', async ({ page }) => {
    await openLessonOne(page);
    await runCell(page, 'labels');
    for (const split of ['train', 'test'] as const) {
      const truth = labelCountsFromRawFiles(split);
      const figure = page.getByTestId(`labels-${split}`);
      await expect(figure).toHaveAttribute('data-counts', truth.join(','));
      const heights = await figure.locator('svg rect').evaluateAll((rects) =>
        rects.map((rect) => Number(rect.getAttribute('height'))),
      );
      expect(heights).toHaveLength(10);
      const tallest = Math.max(...heights);
      const most = Math.max(...truth);
      truth.forEach((count, digit) => expect(heights[digit]! / tallest).toBeCloseTo(count / most, 2));
    }
    const train = labelCountsFromRawFiles('train');
    const commonest = train.indexOf(Math.max(...train));
    await expect(page.getByTestId('label-facts')).toContainText(
      `the commonest digit, ${commonest}, has ${train[commonest]!.toLocaleString('en-US')} images`,
    );
  });

  test('draws the pixel histogram and the ten mean images', async ({ page }) => {
    await openLessonOne(page);
    await runCell(page, 'histogram');
    const histogram = page.getByTestId('pixel-histogram');
    expect(await histogram.locator('svg rect').count()).toBeGreaterThan(200);
    await expect(page.getByTestId('pixel-facts')).toContainText(/\d+\.\d% of all 47,040,000 pixels are exactly 0/);

    await runCell(page, 'means');
    await expect(page.getByTestId('mean-images').locator('canvas')).toHaveCount(10);
    expect(await countInkedCanvases(page, '[data-testid="mean-images"] canvas')).toBe(10);
  });

  test('browses every image of one digit, page by page', async ({ page }) => {
    await openLessonOne(page);
    await runCell(page, 'browse');
    const cell = page.locator('[data-cell="browse"]');
    await cell.locator('label', { hasText: '7' }).click();
    const sevens = labelCountsFromRawFiles('train')[7]!;
    await expect(cell.getByTestId('browse-position')).toHaveText(`1–60 of ${sevens.toLocaleString('en-US')} training images of “7”`);
    const grid = cell.getByTestId('browse-grid');
    await expect(grid.locator('canvas')).toHaveCount(60);
    expect(await countInkedCanvases(page, '[data-testid="browse-grid"] canvas')).toBe(60);
    await cell.getByRole('button', { name: 'Next page →' }).click();
    await expect(cell.getByTestId('browse-position')).toContainText('61–120 of');
    await cell.locator('label', { hasText: 'Test' }).click();
    const testSevens = labelCountsFromRawFiles('test')[7]!;
    await expect(cell.getByTestId('browse-position')).toHaveText(`1–60 of ${testSevens.toLocaleString('en-US')} test images of “7”`);
  });

  test('a second visit reads the data from the browser and downloads nothing', async ({ page }) => {
    await openLessonOne(page);
    await runCell(page, 'load');
    await expect(page.getByTestId('output-load')).toHaveAttribute('data-from-cache', 'false');

    const dataRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.gz')) dataRequests.push(request.url());
    });
    await page.reload();
    await runCell(page, 'load');
    await expect(page.getByTestId('output-load')).toHaveAttribute('data-from-cache', 'true');
    await expect(page.getByTestId('output-load')).toHaveAttribute('data-downloaded-bytes', '0');
    expect(dataRequests).toEqual([]);
  });

  test('a failed download says what happened, and Load works again afterwards', async ({ page }) => {
    await page.route('**/*.gz', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await openLessonOne(page);
    const load = page.locator('[data-cell="load"]');
    await load.locator('.cell-run').click();
    await expect(load).toHaveAttribute('data-state', 'error');
    await expect(load.getByRole('alert')).toContainText(/503/);
    await expect(load.locator('.cell-run')).toBeEnabled();

    await page.unroute('**/*.gz');
    await runCell(page, 'load');
    await expect(load.getByTestId('train-count')).toHaveText('60,000');
  });

  test('damaged data is refused with a clear message', async ({ page }) => {
    await page.route('**/train-labels-idx1-ubyte.gz', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[body.length - 20]! ^= 0xff;
      await route.fulfill({ response, body });
    });
    await openLessonOne(page);
    const load = page.locator('[data-cell="load"]');
    await load.locator('.cell-run').click();
    await expect(load).toHaveAttribute('data-state', 'error');
    await expect(load.getByRole('alert')).toContainText(/train-labels/);
  });

  test('has no accessibility violations (axe) once every cell has run', async ({ page }) => {
    await openLessonOne(page);
    await page.getByRole('button', { name: 'Run all cells' }).click();
    for (const id of ['load', 'grid', 'labels', 'histogram', 'means', 'browse']) {
      await expect(page.locator(`[data-cell="${id}"]`)).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    }
    await page.getByTestId('digit-grid').locator('.digit-button').first().click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id} [${v.impact}]: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
});
