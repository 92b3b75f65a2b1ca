import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { MODEL_PRESETS } from '../../src/lib/model/presets';
import type { ModelConfig } from '../../src/lib/model/config';
import { openDrawPage } from './draw-page';
import { chooseModel, expectNoSidewaysScroll, runLessonCell } from './lesson-5-page';
import { seedTrainedModel, trainFewSteps } from './trained-model';

/** The shipped default's network, from its training record (so retraining it with other sizes needs no edit here). */
const SHIPPED: ModelConfig = JSON.parse(readFileSync('public/models/default/training-record.json', 'utf8')) as ModelConfig;
const shippedFilters = SHIPPED.layers.flatMap((layer) => (layer.type === 'conv' ? [layer.filters] : []));

const DENSE_ONLY: ModelConfig = { name: 'Dense only', layers: [{ type: 'flatten' }, { type: 'dense', units: 32, activation: 'relu' }, { type: 'dense', units: 10 }] };

async function openLessonSix(page: Page): Promise<void> {
  await page.goto('/lessons/inside-the-network/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
}

/** How many canvases inside `selector` hold more than one colour. */
async function inkedCount(page: Page, selector: string): Promise<number> {
  return page.locator(`${selector} canvas[data-inked="true"]`).count();
}

test.describe('Lesson 6: Inside the network', () => {
  test.setTimeout(300_000);

  test('the shipped model: summary, filters, feature maps and saliency render, with no tensors left behind', async ({ page }) => {
    await openLessonSix(page);
    await runLessonCell(page, 'model');
    await expect(page.getByTestId('model-summary')).toContainText('conv1');
    await expect(page.getByTestId('layer-weights')).toHaveCount(4); // two convolutions, two dense layers
    const firstLayer = page.getByTestId('layer-weights').first();
    await firstLayer.getByRole('button', { name: /Show Values Distribution/ }).click();
    await expect(firstLayer.locator('canvas, svg').first()).toBeVisible(); // tfjs-vis's histogram of conv1's kernel
    await runLessonCell(page, 'filters');
    const first = page.getByTestId('filters').first();
    await expect(first.locator('.filter-grid canvas')).toHaveCount(shippedFilters[0]!);
    expect(await inkedCount(page, '[data-testid="filters"]')).toBeGreaterThan(shippedFilters[0]!);
    await expect(page.getByTestId('colour-legend').first()).toBeVisible();

    await runLessonCell(page, 'feature-maps');
    const maps = page.getByTestId('feature-map');
    await expect(maps).toHaveCount(7);
    await expect(maps.first()).toHaveAttribute('data-shape', `24x24x${shippedFilters[0]}`); // 5×5 'valid' on 28×28
    await expect(maps.last()).toHaveAttribute('data-prediction', '7'); // test image 0 is a 7
    expect(await inkedCount(page, '[data-testid="feature-map"]')).toBeGreaterThan(20);
    await runLessonCell(page, 'saliency');
    await expect(page.getByTestId('saliency')).toHaveAttribute('data-inked', 'true');

    // Following other digits costs no tensors: the count after each view stays where it was.
    const output = page.getByTestId('output-feature-maps');
    const tensorsAfterFirst = await output.getAttribute('data-tensors');
    for (const index of ['1', '2', '3']) {
      await page.getByTestId('digit-index').fill(index);
      await page.getByTestId('digit-index').dispatchEvent('change');
      await expect(output).toHaveAttribute('data-digit', `test image ${index}`);
      await expect(output).toHaveAttribute('data-tensors', tensorsAfterFirst!);
      await expect(page.getByTestId('output-saliency')).toHaveAttribute('data-tensors', tensorsAfterFirst!);
    }

    // A digit drawn on the small pad is followed too.
    const pad = page.getByTestId('inspect-pad');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 5 });
    await page.mouse.up();
    await expect(output).toHaveAttribute('data-digit', 'your drawing');
    await expect(maps.last()).toHaveAttribute('data-prediction', '1');

    await runLessonCell(page, 'excite');
    await expect(page.getByTestId('exciting-images')).toHaveCount(6);

    // What excites a filter, and the filters themselves, are the model's alone: a new digit keeps
    // the scan of the test set and the kernels as drawn (the same elements, no new scan started).
    await page.evaluate(() => {
      const kept = document.querySelectorAll<HTMLElement>('[data-testid="exciting-images"], [data-testid="filters"]');
      kept.forEach((element) => (element.dataset.kept = 'true'));
      (window as { __rescanned?: boolean }).__rescanned = false;
      new MutationObserver(() => {
        if (/Running the first layer/.test(document.querySelector('[data-testid="output-excite"]')!.textContent ?? '')) (window as { __rescanned?: boolean }).__rescanned = true;
      }).observe(document.querySelector('[data-testid="output-excite"]')!, { childList: true, subtree: true, characterData: true });
    });
    const keptBefore = await page.locator('[data-kept="true"]').count();
    await page.getByTestId('digit-index').fill('8');
    await page.getByTestId('digit-index').dispatchEvent('change');
    await expect(output).toHaveAttribute('data-digit', 'test image 8');
    await expect(page.getByTestId('output-filters')).toHaveAttribute('data-digit', 'test image 8');
    await expect(page.getByTestId('output-excite')).toHaveAttribute('data-digit', 'test image 8');
    expect(keptBefore).toBe(6 + shippedFilters.length);
    await expect(page.locator('[data-kept="true"]')).toHaveCount(keptBefore);
    expect(await page.evaluate(() => (window as { __rescanned?: boolean }).__rescanned)).toBe(false);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await expectNoSidewaysScroll(page);
  });

  test('models trained for a few steps here: a CNN and one with no convolution', async ({ page }) => {
    const [cnn, dense] = await Promise.all([trainFewSteps(MODEL_PRESETS.default, 8), trainFewSteps(DENSE_ONLY, 20)]);
    await openDrawPage(page); // opens the model store
    await seedTrainedModel(page, 'few-steps-cnn', 'CNN after 8 steps', cnn);
    await seedTrainedModel(page, 'few-steps-dense', 'Dense after 20 steps', dense);
    await openLessonSix(page);
    await runLessonCell(page, 'model');
    // The newest trained model is the one the pad would use.
    await expect(page.getByTestId('inspect-model')).toHaveAttribute('data-value', 'few-steps-dense');
    await expect(page.locator('[data-testid="my-model"][data-model-id="few-steps-dense"] button[data-action="inspect"]')).toHaveAttribute('aria-pressed', 'true');
    await runLessonCell(page, 'filters');
    await expect(page.locator('[data-cell="filters"]').getByTestId('no-convolution')).toBeVisible();
    await runLessonCell(page, 'feature-maps');
    await expect(page.getByTestId('feature-map')).toHaveCount(3);
    await runLessonCell(page, 'saliency');
    await expect(page.getByTestId('saliency')).toHaveAttribute('data-inked', 'true');
    await runLessonCell(page, 'excite');
    await expect(page.locator('[data-cell="excite"]').getByTestId('no-convolution')).toBeVisible();

    await chooseModel(page, 'inspect', 'few-steps-cnn');
    await expect(page.getByTestId('output-model')).toHaveAttribute('data-model', 'few-steps-cnn');
    await expect(page.getByTestId('filters').first().locator('.filter-grid canvas')).toHaveCount(12);
    await expect(page.getByTestId('feature-map')).toHaveCount(7);
    await expect(page.getByTestId('feature-map').first()).toHaveAttribute('data-shape', '24x24x12');
    await expect(page.getByTestId('exciting-images')).toHaveCount(6, { timeout: 120_000 });
    await expect(page.getByTestId('output-excite')).toHaveAttribute('data-model', 'few-steps-cnn');
  });

  test('choices made faster than models load: the last one wins, no view uses a disposed model, none is leaked', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openLessonSix(page);
    for (const cell of ['model', 'filters', 'feature-maps', 'saliency']) await runLessonCell(page, cell);
    const output = page.getByTestId('output-feature-maps');
    const tensorsBefore = Number(await output.getAttribute('data-tensors'));
    // Start the test-set scan; while it runs, open another model and keep changing the digit every
    // turn while it loads (each change drops the redraw before it, so the views are still on the old
    // model when the new one arrives), then change model twice more and the digit in one go, and ask
    // tfjs-vis for a histogram of the weights of the model being replaced.
    // Anything the page says about a disposed model or a stopped view is kept, even if redrawn over.
    await page.evaluate(() => {
      const said: string[] = ((window as { __said?: string[] }).__said = []);
      new MutationObserver(() => {
        const text = [...document.querySelectorAll('[data-testid^="output-"]')].map((output) => output.textContent).join(' ');
        for (const match of text.match(/[^.]*(disposed|stopped|cannot be opened)[^.]*/gi) ?? []) if (!said.includes(match)) said.push(match);
      }).observe(document.querySelector('main')!, { childList: true, subtree: true, characterData: true });
    });
    await page.locator('[data-cell="excite"] .cell-run').click();
    await expect(page.locator('[data-cell="excite"]')).toContainText('Running the first layer over the test images');
    await page.evaluate(async () => {
      const open = (id: string) => document.querySelector<HTMLButtonElement>(`[data-testid="my-model"][data-model-id="${id}"] button[data-action="inspect"]`)!.click();
      const index = document.querySelector<HTMLInputElement>('[data-testid="digit-index"]')!;
      const show = (digit: number) => {
        index.value = String(digit);
        index.dispatchEvent(new Event('change'));
      };
      open('mnist-only');
      for (let turn = 0; turn < 150; turn++) {
        show(turn % 50);
        await new Promise((resolve) => setTimeout(resolve));
      }
      open('default');
      show(4);
      open('mnist-only');
      document.querySelector<HTMLButtonElement>('[data-testid="layer-weights"] button')!.click();
    });
    await expect(page.getByTestId('output-model')).toHaveAttribute('data-model', 'mnist-only');
    await expect(page.getByTestId('inspect-model')).toHaveAttribute('data-value', 'mnist-only');
    await expect(output).toHaveAttribute('data-model', 'mnist-only');
    await expect(output).toHaveAttribute('data-digit', 'test image 4');
    await expect(page.getByTestId('exciting-images')).toHaveCount(6, { timeout: 120_000 });
    // The weights now shown are the new model's, and tfjs-vis can still read them.
    const firstLayer = page.getByTestId('layer-weights').first();
    await firstLayer.getByRole('button', { name: /Show Values Distribution/ }).click();
    await expect(firstLayer.locator('canvas, svg').first()).toBeVisible();
    // Every replaced model was disposed: one model's weights stay, as before the choices.
    await page.getByTestId('digit-index').fill('5');
    await page.getByTestId('digit-index').dispatchEvent('change');
    await expect(output).toHaveAttribute('data-digit', 'test image 5');
    expect(Number(await output.getAttribute('data-tensors'))).toBe(tensorsBefore);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as { __said?: string[] }).__said)).toEqual([]);
  });
});
