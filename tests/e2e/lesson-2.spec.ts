import { expect, test, type Page } from './test';
import AxeBuilder from '@axe-core/playwright';
import { countInkedCanvases, runCell } from './lesson-page';
import { labelCountsFromRawFiles } from './mnist-truth';
import { SUBPATH_URL } from './urls';

const CELLS = ['load', 'scaling', 'first-layer', 'tensors', 'one-hot', 'split', 'augment', 'use-augmentation', 'leak', 'pen'];
const AUGMENT_KEY = 'digit-lab:augmentation:v1';

async function openLessonTwo(page: Page, root = '/'): Promise<void> {
  await page.goto(`${root}lessons/preprocessing/`);
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
}

async function runAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run all cells' }).click();
  for (const id of CELLS) await expect(page.locator(`[data-cell="${id}"]`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

/** The grid's 24 canvases as data URLs, to compare pictures. */
async function variantPictures(page: Page): Promise<string[]> {
  return page.getByTestId('augment-grid').locator('canvas').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
}

test.describe('Lesson 2: Preprocessing', () => {
  test('"Run all cells" runs every cell with no error, with numbers from the data', async ({ page }) => {
    await openLessonTwo(page);
    await expect(page.locator('.lesson-kicker')).toContainText('Lesson 2 of 8');
    await runAll(page);
    await expect(page.locator('.cell-error')).toHaveCount(0);

    // The tensors of the whole training part, as lesson 4 splits it.
    const shapes = page.getByTestId('tensor-shapes');
    await expect(shapes.locator('tr[data-shape="55000,28,28,1"]')).toHaveCount(1);
    await expect(shapes.locator('tr[data-shape="55000,10"]')).toHaveCount(1);
    expect(await countInkedCanvases(page, '[data-testid="batch-strip"]')).toBe(1);
    const hotPerRow = await page.getByTestId('batch-one-hot').locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td.hot').length));
    expect(hotPerRow).toEqual(new Array(8).fill(1));

    // Unscaled inputs make the first layer's outputs far larger.
    const ranges = page.getByTestId('first-layer-ranges');
    const scaledMax = Number(await ranges.locator('tr[data-range="scaled"]').getAttribute('data-max'));
    const unscaledMax = Number(await ranges.locator('tr[data-range="unscaled"]').getAttribute('data-max'));
    expect(unscaledMax).toBeGreaterThan(100 * scaledMax);

    // The split: the parts add up to the raw files' counts, digit by digit.
    const train = labelCountsFromRawFiles('train');
    const test = labelCountsFromRawFiles('test');
    const table = page.getByTestId('split-table');
    for (let digit = 0; digit < 10; digit++) {
      const row = table.locator(`tbody tr[data-digit="${digit}"]`);
      const value = async (part: string) => Number((await row.locator(`td[data-part="${part}"]`).textContent())!.replace(/,/g, ''));
      expect((await value('train')) + (await value('validation'))).toBe(train[digit]);
      expect(await value('test')).toBe(test[digit]);
    }
    await expect(table.locator('tfoot td[data-part="validation"]')).toHaveText('5,000');
    await expect(page.getByTestId('split-chart').locator('svg')).toBeVisible();

    // The pen digit: three pictures, the last one the model's input.
    await expect(page.getByTestId('pen-steps').locator('canvas')).toHaveCount(3);
    expect(await countInkedCanvases(page, '[data-testid="pen-steps"] canvas')).toBe(3);
  });

  test('the augmentation grid shows 24 different, non-blank copies and re-rolls', async ({ page }) => {
    await openLessonTwo(page);
    await runCell(page, 'augment');
    const grid = page.getByTestId('augment-grid');
    await expect(grid.locator('canvas')).toHaveCount(24);
    expect(await countInkedCanvases(page, '[data-testid="augment-grid"] canvas')).toBe(24);
    const first = await variantPictures(page);
    expect(new Set(first).size).toBeGreaterThan(12);

    await page.getByTestId('augment-reroll').click();
    await expect(grid).toHaveAttribute('data-seed', '2');
    const second = await variantPictures(page);
    expect(second).not.toEqual(first);

    // Another digit by its test-set index.
    await page.getByTestId('augment-index').fill('17');
    await page.getByRole('button', { name: 'Show this digit' }).click();
    await expect(grid).toHaveAttribute('data-index', '17');
  });

  test('values outside the limits and indices outside the test set are refused with a sentence', async ({ page }) => {
    await openLessonTwo(page);
    await runCell(page, 'augment');
    await page.getByTestId('augment-shift').fill('9');
    await expect(page.getByTestId('augment-shift-problem')).toContainText('from 0 to 4');
    await expect(page.getByTestId('augment-shift')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('augment-reroll')).toBeDisabled();
    await page.getByTestId('augment-rotation').fill('90');
    await expect(page.getByTestId('augment-rotation-problem')).toContainText('0 to 45 degrees');
    await page.getByTestId('augment-scale').fill('abc');
    await expect(page.getByTestId('augment-scale-problem')).toContainText('0 to 50%');
    await page.getByTestId('augment-shift').fill('3');
    await expect(page.getByTestId('augment-shift')).toHaveAttribute('aria-invalid', 'false');

    await page.getByTestId('augment-index').fill('10000');
    await page.getByRole('button', { name: 'Show this digit' }).click();
    await expect(page.getByTestId('augment-index-problem')).toContainText('from 0 to 9999');
    await expect(page.getByTestId('augment-grid')).toHaveAttribute('data-index', '0');
  });

  test('the switch saves the setting lesson 4 reads, and follows the controls', async ({ page }) => {
    await openLessonTwo(page);
    await runCell(page, 'use-augmentation');
    const stored = () => page.evaluate((key) => localStorage.getItem(key), AUGMENT_KEY);
    expect(await stored()).toBeNull();
    await page.getByTestId('augment-switch').check();
    await expect(page.getByTestId('augment-state')).toHaveAttribute('data-enabled', 'true');
    await expect(page.getByTestId('augment-state')).toContainText('shift ±2 px, rotation ±10°, scale ±10%');
    expect(JSON.parse((await stored())!)).toEqual({ enabled: true, options: { maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1 } });

    await page.getByTestId('augment-rotation').fill('20');
    await expect(page.getByTestId('augment-state')).toContainText('rotation ±20°');
    expect(JSON.parse((await stored())!).options.maxRotationDegrees).toBe(20);

    // While a value is out of range, the switch keeps the saved setting as it was.
    await page.getByTestId('augment-shift').fill('7');
    await page.getByTestId('augment-switch').click();
    await expect(page.getByTestId('augment-state')).toContainText('within its limits first');
    await expect(page.getByTestId('augment-switch')).toBeChecked();
    expect(JSON.parse((await stored())!)).toMatchObject({ enabled: true, options: { maxShiftPixels: 2 } });
    await page.getByTestId('augment-shift').fill('2');

    await page.getByTestId('augment-switch').uncheck();
    await expect(page.getByTestId('augment-state')).toHaveAttribute('data-enabled', 'false');
    expect(JSON.parse((await stored())!).enabled).toBe(false);

    // Read back after a reload: the switch and the controls start where the student left them.
    await page.getByTestId('augment-switch').check();
    await openLessonTwo(page);
    await runCell(page, 'use-augmentation');
    await expect(page.getByTestId('augment-switch')).toBeChecked();
    await expect(page.getByTestId('augment-rotation')).toHaveValue('20');
  });

  test('a damaged saved setting is ignored with a notice', async ({ page }) => {
    await page.addInitScript((key) => localStorage.setItem(key, '{"enabled":true,"options":{"maxShiftPixels":"lots"}}'), AUGMENT_KEY);
    await openLessonTwo(page);
    await runCell(page, 'use-augmentation');
    await expect(page.getByTestId('augment-notice')).toContainText('could not be read');
    await expect(page.getByTestId('augment-switch')).not.toBeChecked();
    await expect(page.getByTestId('augment-grid').locator('canvas')).toHaveCount(24);
  });

  test('the cells that make tensors dispose them all: the readout stays at 0', async ({ page }) => {
    await openLessonTwo(page);
    for (const id of ['first-layer', 'tensors']) {
      await runCell(page, id);
      await expect(page.locator(`[data-cell="${id}"]`).getByTestId('tensor-memory')).toHaveAttribute('data-tensors', '0');
    }
    await expect(page.getByTestId('tensor-facts')).toContainText('back to 0 tensors');
  });

  test('the tensor readout goes up with a leak and back down after cleaning up', async ({ page }) => {
    await openLessonTwo(page);
    await runCell(page, 'leak');
    const readout = page.locator('[data-cell="leak"]').getByTestId('tensor-memory');
    const baseline = Number(await readout.getAttribute('data-baseline'));
    await expect(readout).toHaveAttribute('data-tensors', String(baseline + 201));
    await page.getByTestId('leak-clean-up').click();
    await expect(readout).toHaveAttribute('data-tensors', String(baseline));
    await page.getByTestId('leak-tidy').click();
    await expect(page.getByTestId('leak-report')).toContainText('left 0 tensors behind');
    await expect(readout).toHaveAttribute('data-tensors', String(baseline));
  });

  test('has no accessibility violations (axe) once every cell has run', async ({ page }) => {
    await openLessonTwo(page);
    await runAll(page);
    await page.getByTestId('augment-shift').fill('9');
    await page.getByTestId('augment-index').fill('-1');
    await page.getByRole('button', { name: 'Show this digit' }).click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id} [${v.impact}]: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });


  test('built for a sub-path (a plain static host), every cell runs with no 404 and the links stay inside /course/', async ({ page }) => {
    const failures: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    await openLessonTwo(page, SUBPATH_URL);
    await runAll(page);
    await expect(page.locator('.cell-error')).toHaveCount(0);
    const course = new URL(SUBPATH_URL).pathname;
    for (const link of await page.locator('.lesson-body a[href]').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))) {
      expect(link.startsWith(course)).toBe(true);
    }
    await page.getByRole('link', { name: 'lesson 7' }).click();
    await expect(page).toHaveURL(`${SUBPATH_URL}lessons/draw-and-predict/`);
    expect(failures).toEqual([]);
  });
});
