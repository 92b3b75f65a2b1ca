import { statSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { fillForm, openTraining } from './lesson-4-page';
import { inferShapes } from '../../src/lib/model/shapes';
import { TUTORIAL_CNN } from '../../src/lib/model/presets';

/** The saved models, read straight from the browser's IndexedDB as lesson 7 will find them. */
function readModelStore(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ infos: { id: string; name: string; source: string; pixelScale: string; details: Record<string, unknown> }[]; weightBytes: number[] }>((resolve, reject) => {
        const open = indexedDB.open('digit-lab-models');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['models', 'weights']);
          const infos = tx.objectStore('models').getAll();
          const weights = tx.objectStore('weights').getAll();
          tx.oncomplete = () =>
            resolve({ infos: infos.result, weightBytes: weights.result.map((w: { weightData: ArrayBuffer }) => w.weightData.byteLength) });
        };
      }),
  );
}

test.describe('Lesson 4: Training', () => {
  test('absurd values are refused with a sentence each, and nothing starts', async ({ page }) => {
    await openTraining(page);
    await fillForm(page, { peakLearningRate: '100', batchSize: '0', epochs: '' });
    await page.getByRole('button', { name: 'Start training' }).click();
    const problems = page.getByTestId('train-problems');
    await expect(problems.locator('li')).toHaveText([
      'Batch size must be a whole number from 1 to 4096, got 0',
      'Epochs must be a whole number from 1 to 100, but the box is empty or not a plain decimal number',
      'Peak learning rate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got 100',
    ]);
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'idle');
    await expect(page.getByTestId('train-status')).toHaveText('Not started: fix the values above first.');
    await expect(page.locator('[data-cell="train"] .cell-state')).toHaveAttribute('data-tone', 'warn'); // not the green of a cell that ran
    await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  test('a short run draws live curves, keeps the page responsive, and saves a model that predicts', async ({ page }) => {
    test.setTimeout(120_000); // training, scoring 10,000 images, then loading MNIST into the page for the check
    await openTraining(page);
    await fillForm(page, { maxSteps: '60', batchSize: '64', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.locator('[data-fact="step"]')).toContainText(/^\d+ of 60/, { timeout: 30_000 });
    // The page answers while the worker trains (or just after, on a fast machine): the smoothing
    // slider redraws the curves. How long the page's own tasks take is measured by npm run bench.
    await page.locator('input[name="smoothing"]').fill('0.9');
    await expect(page.getByTestId('training-curves')).toHaveAttribute('data-smoothing', '0.9');

    await expect(page.getByTestId('save-outcome')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'done');
    await expect(page.locator('[data-fact="backend"]')).toHaveText('wasm');
    await expect(page.locator('[data-fact="threads"]')).toContainText('on (the page is cross-origin isolated)');
    // What the worker reports: every core for our convolution kernels, one for XNNPACK (thread-count.ts says why).
    const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
    await expect(page.locator('[data-fact="threads"]')).toContainText(`${cores} threads for the convolution kernels, one thread for TF.js's own (XNNPACK)`);

    // The curves are drawn (tfjs-vis, on a canvas; lesson-4-curves.spec.ts looks at the pixels).
    for (const metric of ['loss', 'accuracy']) {
      const chart = page.getByTestId(`curve-${metric}`);
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(90);
      await expect(chart).toHaveAttribute('data-validation-points', '5');
      await expect(chart.locator('canvas')).toBeVisible();
    }

    const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThan(0.7);
    const savedId = await page.getByTestId('save-outcome').getAttribute('data-saved-id');
    expect(savedId).toMatch(/^model-/);

    const store = await readModelStore(page);
    expect(store.infos).toHaveLength(1);
    expect(store.infos[0]).toMatchObject({
      id: savedId,
      source: 'trained',
      pixelScale: 'unit',
      details: { recipe: 'Tutorial CNN', testAccuracy: accuracy, epochs: 1, images: 60 * 64, backend: 'wasm' },
    });
    expect(store.weightBytes).toEqual([inferShapes(TUTORIAL_CNN).parameters * 4]);

    // Read back from the store on the page, the model reads test digits.
    await page.locator('[data-cell="check"] .cell-run').click();
    const check = page.getByTestId('saved-check');
    await expect(check).toBeVisible({ timeout: 45_000 });
    await expect(check).toHaveAttribute('data-model-id', savedId!);
    expect(Number(await check.getAttribute('data-accuracy'))).toBeGreaterThan(0.7);
    await expect(page.getByTestId('output-check')).toHaveAttribute('data-tensors-left', '0');

    const results = await new AxeBuilder({ page }).include('[data-cell="train"]').include('[data-cell="check"]').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // The drawing pad of lesson 7 now reads with the model just trained, not the shipped one.
    await page.goto('/lessons/draw-and-predict/');
    const prediction = page.getByTestId('prediction');
    await expect(prediction).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(prediction).toHaveAttribute('data-model', savedId!);
  });

  test('Stop ends the run early, and the model trained so far is still kept', async ({ page }) => {
    await openTraining(page);
    await fillForm(page, { maxSteps: '2000', batchSize: '32', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    // 55,000 images / 32; Stop after 100 steps or more, when the model has learned enough to be kept
    // (a stop before it learned anything is not kept: lesson-4-models.spec.ts).
    await expect(page.locator('[data-fact="step"]')).toContainText(/^[1-9]\d{2,} of 1719/, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('train-status')).toHaveText(/Stopping|Scoring|Stopped/);
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
    const steps = Number((await page.getByTestId('train-status').textContent())?.match(/after (\d+) steps/)?.[1]);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(1000);
    await expect(page.getByTestId('save-outcome')).toHaveAttribute('data-saved-id', /^model-/);
    await expect(page.getByRole('button', { name: 'Start training' })).toBeEnabled();
  });

  test('without IndexedDB the page says the model cannot be kept and offers its files', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await openTraining(page);
    await fillForm(page, { maxSteps: '4', batchSize: '32', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    const outcome = page.getByTestId('save-outcome');
    await expect(outcome).toContainText('This browser would not keep the model: This browser has no IndexedDB', { timeout: 60_000 });
    const links = outcome.getByRole('link');
    await expect(links).toHaveText([/^Download tutorial-cnn-\d+-\d+-\d+-[a-z]{3}-\d+-\d+\.json$/, /^Download tutorial-cnn-\d+-\d+-\d+-[a-z]{3}-\d+-\d+\.weights\.bin$/]);
    const download = page.waitForEvent('download');
    await links.nth(1).click();
    expect(statSync(await (await download).path()).size).toBe(inferShapes(TUTORIAL_CNN).parameters * 4);

    // My models says why it has nothing to list, and points at the files.
    await page.locator('[data-cell="models"] .cell-run').click();
    await expect(page.getByTestId('my-models')).toContainText(
      'My models cannot be shown: This browser has no IndexedDB, so models cannot be kept between visits. A model you train is still offered as two files to download.',
    );
  });
});
