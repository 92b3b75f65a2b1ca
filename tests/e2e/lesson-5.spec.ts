import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { MODEL_PRESETS } from '../../src/lib/model/presets';
import { openDrawPage } from './draw-page';
import { SUBPATH_URL } from './urls';
import { seedTrainedModel, trainFewSteps } from './trained-model';
import { chooseModel, confusionCounts, diagonal, expectNoSidewaysScroll, largestConfusions, openLessonFive, runLessonCell, total } from './lesson-5-page';

test.describe('Lesson 5: How good is it?', () => {
  test.setTimeout(300_000);

  test('the shipped model: accuracy, a confusion matrix that adds up, the images behind a cell, pen writers', async ({ page }) => {
    await openLessonFive(page);
    await runLessonCell(page, 'evaluate');
    const figures = page.getByTestId('test-accuracy');
    await expect(figures).toHaveAttribute('data-model', 'default');
    const accuracy = Number(await figures.getAttribute('data-accuracy'));
    await expect(figures).toContainText(`${(accuracy * 100).toFixed(2)}%`);

    await runLessonCell(page, 'confusion');
    const counts = await confusionCounts(page, 'default');
    expect(counts).toHaveLength(10);
    expect(total(counts)).toBe(10_000);
    expect(diagonal(counts) / 10_000).toBeCloseTo(accuracy, 10);
    await expect(page.locator('[data-testid="confusion-matrix"] .vis-chart canvas, [data-testid="confusion-matrix"] .vis-chart svg').first()).toBeVisible();

    // The largest mistake cell: clicking it shows exactly its images, with the right labels.
    const [largest] = counts.flatMap((row, a) => row.map((count, p) => ({ a, p, count }))).filter((c) => c.a !== c.p).sort((x, y) => y.count - x.count);
    const cell = page.locator(`[data-testid="confusion-cell"][data-actual="${largest!.a}"][data-predicted="${largest!.p}"]`);
    await expect(cell).toHaveAttribute('data-count', String(largest!.count));
    await cell.focus();
    await page.keyboard.press('Enter');
    const images = page.getByTestId('cell-images');
    await expect(images.getByTestId('gallery-item')).toHaveCount(Math.min(40, largest!.count));
    const labels = await images.getByTestId('gallery-item').evaluateAll((items) => items.map((item) => `${(item as HTMLElement).dataset.label}→${(item as HTMLElement).dataset.predicted}`));
    expect(new Set(labels)).toEqual(new Set([`${largest!.a}→${largest!.p}`]));

    // A diagonal cell with over 40 images shows the first page of them.
    await page.locator('[data-testid="confusion-cell"][data-actual="1"][data-predicted="1"]').click();
    await expect(page.getByTestId('cell-images').getByTestId('gallery-item')).toHaveCount(40);
    await expect(page.getByTestId('cell-images')).toHaveAttribute('data-total', String(counts[1]![1]));

    await runLessonCell(page, 'per-class');
    await expect(page.getByTestId('class-metrics').locator('tbody tr')).toHaveCount(10);
    await runLessonCell(page, 'mistakes');
    await expect(page.getByTestId('confident-mistakes').getByTestId('gallery-item')).toHaveCount(24);
    await runLessonCell(page, 'calibration');
    await expect(page.getByTestId('reliability').locator('svg rect').first()).toBeVisible();
    await runLessonCell(page, 'handwriting');
    const pen = page.getByTestId('pen-accuracy');
    const penAccuracy = Number(await pen.getAttribute('data-accuracy'));
    console.log(`default: test ${(accuracy * 100).toFixed(2)}%, largest confusions ${largestConfusions(counts).join(', ')}, pen writers 21–30 ${(penAccuracy * 100).toFixed(2)}%`);
    expect(penAccuracy).toBeGreaterThan(0.97);

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: 'test-results/lesson-5-desktop.png', fullPage: true });
  });

  test('switching models redraws every view for the new one; comparing shows both', async ({ page }) => {
    await openLessonFive(page);
    await runLessonCell(page, 'confusion');
    await confusionCounts(page, 'default');
    await runLessonCell(page, 'handwriting');
    await chooseModel(page, 'evaluate', 'mnist-only');
    await expect(page.getByTestId('eval-model')).toHaveAttribute('data-value', 'mnist-only');
    const counts = await confusionCounts(page, 'mnist-only');
    expect(total(counts)).toBe(10_000);
    const figures = page.getByTestId('test-accuracy');
    await expect(figures).toHaveAttribute('data-model', 'mnist-only');
    const accuracy = Number(await figures.getAttribute('data-accuracy'));
    expect(diagonal(counts) / 10_000).toBeCloseTo(accuracy, 10);
    const penAccuracy = Number(await page.getByTestId('pen-accuracy').getAttribute('data-accuracy'));
    await expect(page.getByTestId('pen-accuracy')).toContainText('MNIST only');
    console.log(`mnist-only: test ${(accuracy * 100).toFixed(2)}%, largest confusions ${largestConfusions(counts).join(', ')}, pen writers 21–30 ${(penAccuracy * 100).toFixed(2)}%`);
    expect(penAccuracy).toBeLessThan(0.98);

    await runLessonCell(page, 'compare');
    const table = page.getByTestId('compare-table');
    await expect(table).toHaveAttribute('data-models', JSON.stringify(['mnist-only', 'default']));
    await expect(table.locator('thead th')).toContainText(['Measure', 'Shipped model trained on MNIST only', 'Shipped model (MNIST + pen writers 1–20)']);
    await expect(table.locator('tbody tr').first()).toContainText(`${(accuracy * 100).toFixed(1)}%`);
  });

  test('a model trained for a few steps in the test is the default, adds up, and compares with the shipped one', async ({ page }) => {
    const artifacts = await trainFewSteps(MODEL_PRESETS.default, 10);
    await openDrawPage(page); // opens the model store
    await seedTrainedModel(page, 'few-steps', 'CNN after 10 steps', artifacts);
    await openLessonFive(page);
    await runLessonCell(page, 'confusion');
    const counts = await confusionCounts(page, 'few-steps');
    expect(total(counts)).toBe(10_000);
    const figures = page.getByTestId('test-accuracy');
    const accuracy = Number(await figures.getAttribute('data-accuracy'));
    expect(diagonal(counts) / 10_000).toBeCloseTo(accuracy, 10);
    expect(accuracy).toBeGreaterThan(0.1); // it learned something in 10 steps…
    expect(accuracy).toBeLessThan(0.99); // …but not everything
    await runLessonCell(page, 'compare');
    await expect(page.getByTestId('compare-table')).toHaveAttribute('data-models', JSON.stringify(['few-steps', 'default']));
    await expect(page.getByTestId('compare-table').locator('thead th')).toContainText(['Measure', 'CNN after 10 steps', 'Shipped model (MNIST + pen writers 1–20)']);
    // The same My models list as lessons 4 and 7: the kept model and both shipped ones, each can be the second model.
    await expect(page.getByTestId('my-model')).toHaveCount(3);
    await chooseModel(page, 'compare', 'mnist-only');
    await expect(page.getByTestId('compare-model')).toHaveAttribute('data-value', 'mnist-only');
    await expect(page.getByTestId('compare-table')).toHaveAttribute('data-models', JSON.stringify(['few-steps', 'mnist-only']), { timeout: 180_000 });
    await expect(page.locator('[data-testid="my-model"][data-model-id="few-steps"] button[data-action="evaluate"]')).toHaveAttribute('aria-pressed', 'true');
  });

  test('picking another model mid-run cancels it; the worker frees every tensor between models', async ({ page }) => {
    await openLessonFive(page);
    await runLessonCell(page, 'evaluate');
    const figures = page.getByTestId('test-accuracy');
    const tensorsAfterFirst = await figures.getAttribute('data-worker-tensors');
    await chooseModel(page, 'evaluate', 'mnist-only');
    await chooseModel(page, 'evaluate', 'default'); // before mnist-only is done: its run is cancelled, default comes from the cache
    await expect(figures).toHaveAttribute('data-model', 'default');
    await chooseModel(page, 'evaluate', 'mnist-only');
    await expect(figures).toHaveAttribute('data-model', 'mnist-only');
    await expect(figures).toHaveAttribute('data-worker-tensors', tensorsAfterFirst!);
    await expect(page.locator('.eval-message')).toHaveText('');
  });

  test('choosing a model that cannot be read in My models says so and keeps the model the page had', async ({ page }) => {
    await openDrawPage(page); // opens the model store
    await seedTrainedModel(page, 'unreadable', 'Unreadable model', { modelTopology: { nonsense: true }, weightSpecs: [], weights: [] });
    await openLessonFive(page, '?model=default');
    await runLessonCell(page, 'evaluate');
    const button = (id: string) => page.locator(`[data-testid="my-model"][data-model-id="${id}"] button[data-action="evaluate"]`);
    await expect(button('default')).toHaveAttribute('aria-pressed', 'true');
    await button('unreadable').click();
    await expect(page.locator('.eval-message')).toContainText('This model cannot be evaluated');
    await expect(page.locator('.eval-message')).toContainText('The page still shows “Shipped model (MNIST + pen writers 1–20)”.');
    await expect(button('default')).toHaveAttribute('aria-pressed', 'true');
    await expect(button('unreadable')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('eval-model')).toHaveAttribute('data-value', 'default');
    await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-model', 'default');
  });

  test('without the pen samples (offline, say) the MNIST figures stand and the pen cell says why', async ({ page }) => {
    await page.route('**/data/pendigits/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await openLessonFive(page);
    await runLessonCell(page, 'handwriting');
    await expect(page.locator('[data-cell="handwriting"] .cell-output')).toContainText('The pen samples could not be scored');
    await runLessonCell(page, 'confusion');
    expect(total(await confusionCounts(page, 'default'))).toBe(10_000);
  });

  test('under a sub-path on a plain static host, the worker, the model and the pen samples are found', async ({ page }) => {
    await page.goto(`${SUBPATH_URL}lessons/how-good-is-it/`);
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    await runLessonCell(page, 'handwriting');
    await expect(page.getByTestId('pen-accuracy')).toHaveAttribute('data-accuracy', /^0\.9/);
  });
});
