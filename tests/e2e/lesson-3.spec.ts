import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { MODEL_PRESETS } from '../../src/lib/model/presets';
import { formatShape, inferShapes } from '../../src/lib/model/shapes';

async function openBuilder(page: Page): Promise<void> {
  await page.goto('/lessons/building-the-cnn/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
  await page.locator('[data-cell="builder"] .cell-run').click();
  await expect(page.locator('[data-cell="builder"]')).toHaveAttribute('data-state', 'done');
}

/** Output shape and parameters of every layer row, as the page shows them. */
async function tableRows(page: Page): Promise<{ shape: string; parameters: string }[]> {
  return page.locator('[data-cell="builder"] tbody tr[data-layer]').evaluateAll((rows) =>
    rows.map((row) => ({ shape: (row as HTMLElement).dataset.outputShape ?? '', parameters: (row as HTMLElement).dataset.parameters ?? '' })),
  );
}

test.describe('Lesson 3: Building the CNN', () => {
  test('each preset’s table shows the shapes and parameter counts inferShapes computes', async ({ page }) => {
    await openBuilder(page);
    const builder = page.locator('[data-cell="builder"]');
    for (const [label, preset] of [['Tutorial CNN', 'tutorial'], ['Batch-norm CNN', 'batchNorm'], ['Default recipe', 'default'], ['Wide CNN', 'wide']] as const) {
      await builder.getByLabel(label).check();
      const expected = inferShapes(MODEL_PRESETS[preset]);
      expect(await tableRows(page)).toEqual(expected.layers.map((layer) => ({ shape: formatShape(layer.outputShape), parameters: String(layer.parameters) })));
      await expect(builder.locator('tfoot tr')).toHaveAttribute('data-parameters', String(expected.parameters));
    }
    await expect(builder.locator('tfoot')).toContainText('215,194');
  });

  test('editing a layer updates the table, is saved, and lesson 4 trains the edited model', async ({ page }) => {
    await openBuilder(page);
    const builder = page.locator('[data-cell="builder"]');
    await builder.getByLabel('Wide CNN').check();
    await builder.getByLabel('Layer 6 units').fill('128');
    const row = builder.locator('tbody tr[data-layer="5"]');
    await expect(row).toHaveAttribute('data-parameters', String(800 * 128 + 128));
    const total = 624 + 6944 + (800 * 128 + 128) + (128 * 10 + 10);
    await expect(builder.locator('tfoot tr')).toHaveAttribute('data-parameters', String(total));
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'draft');
    await builder.getByRole('button', { name: 'Save for lesson 4' }).click();
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'saved');

    await builder.getByRole('button', { name: 'Add the layer' }).click(); // a 3×3 convolution before the flatten
    await expect(builder.locator('tbody tr[data-layer]')).toHaveCount(8);
    await expect(builder.locator('tbody tr[data-layer="4"]')).toHaveAttribute('data-output-shape', '5×5×16');
    await builder.getByRole('button', { name: 'Save for lesson 4' }).click();
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'saved');

    await page.reload();
    await page.locator('[data-cell="builder"] .cell-run').click();
    await expect(builder.getByLabel('Layer 7 units')).toHaveValue('128');
    await page.goto('/lessons/training/');
    await page.locator('[data-cell="train"] .cell-run').click();
    await expect(page.getByTestId('train-model')).toContainText('Wide CNN (as you edited it): 8 layers');
  });

  test('a model that cannot work gets a sentence, and is not saved', async ({ page }) => {
    await openBuilder(page);
    const builder = page.locator('[data-cell="builder"]');
    await builder.getByLabel('Tutorial CNN').check();
    await builder.getByLabel('Layer 1 kernel size').fill('40');
    await expect(page.getByTestId('builder-problems')).toHaveText('Layer 1 (conv): Kernel size must be a whole number from 1 to 28, got 40');
    await expect(builder.locator('tbody tr[data-layer="0"]')).toHaveAttribute('data-problem', 'true');
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'invalid');
    await builder.getByLabel('Layer 1 kernel size').fill('');
    await expect(page.getByTestId('builder-problems')).toContainText('but the box is empty or not a plain decimal number');
    await builder.getByLabel('Layer 1 kernel size').fill('5');
    await builder.getByRole('button', { name: 'Remove layer 5 (Flatten)' }).click();
    await expect(page.getByTestId('builder-problems')).toContainText('Layer 5 (dense): a dense layer needs a flat list of numbers but gets a 4×4×16 image; put a flatten');
    // Nothing was saved: lesson 4 keeps what it had (here, never saved: the default recipe), and says so.
    expect(await page.evaluate(() => localStorage.getItem('digit-lab:model-choice:v1'))).toBeNull();
    await expect(page.getByTestId('builder-saved')).toContainText('lesson 4 trains the Default recipe');
    await expect(page.getByRole('button', { name: 'Save for lesson 4' })).toBeDisabled();
  });

  test('switching presets, even by a stray arrow key, keeps the edited model and does not save over it (issue 13)', async ({ page }) => {
    await openBuilder(page);
    const builder = page.locator('[data-cell="builder"]');
    await builder.getByLabel('Wide CNN').check();
    await builder.getByLabel('Layer 6 units').fill('128');
    await builder.getByRole('button', { name: 'Save for lesson 4' }).click();
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'saved');
    await builder.getByLabel('Layer 1 filters').fill('20');

    await builder.getByLabel('Wide CNN').focus();
    await page.keyboard.press('ArrowRight');
    await expect(builder.getByLabel('Wide CNN')).not.toBeChecked();
    await expect(page.getByTestId('builder-parked')).toContainText('Your edits to the Wide CNN are kept');
    await builder.getByLabel('Wide CNN').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight'); // and back again, wherever the arrows went
    await builder.getByLabel('Wide CNN').check();
    await expect(builder.getByLabel('Layer 6 units')).toHaveValue('128');
    await expect(builder.getByLabel('Layer 1 filters')).toHaveValue('20');
    const savedLayers = () => page.evaluate(() => JSON.parse(localStorage.getItem('digit-lab:model-choice:v1') ?? '{}').config.layers as { filters?: number; units?: number }[]);
    expect((await savedLayers())[0]!.filters).toBe(24); // the unsaved edit did not replace the saved model
    expect((await savedLayers())[5]!.units).toBe(128);

    // "Back to the preset" can be undone.
    await builder.getByRole('button', { name: 'Back to the preset' }).click();
    await expect(builder.getByLabel('Layer 6 units')).toHaveValue('256');
    await builder.getByRole('button', { name: 'Undo: bring my edits back' }).click();
    await expect(builder.getByLabel('Layer 6 units')).toHaveValue('128');

    // The edits survive a reload too.
    await page.reload();
    await page.locator('[data-cell="builder"] .cell-run').click();
    await expect(builder.getByLabel('Layer 1 filters')).toHaveValue('20');
  });

  test('removing layers one by one never saves an intermediate model over the edited one (issue 13)', async ({ page }) => {
    await openBuilder(page);
    const builder = page.locator('[data-cell="builder"]');
    await builder.getByLabel('Wide CNN').check();
    await builder.getByLabel('Layer 6 units').fill('128');
    await builder.getByRole('button', { name: 'Save for lesson 4' }).click();
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'saved');
    // Down to flatten → dense → dense, valid at several steps on the way.
    while ((await builder.locator('tbody tr[data-layer]').count()) > 3) {
      await builder.locator('tbody tr[data-layer="0"] button').click();
    }
    await expect(page.getByTestId('builder-saved')).toHaveAttribute('data-state', 'draft');
    await expect(page.getByTestId('builder-saved')).toContainText('lesson 4 trains the Wide CNN as you edited it (7 layers)');
    await page.goto('/lessons/training/');
    await page.locator('[data-cell="train"] .cell-run').click();
    await expect(page.getByTestId('train-model')).toContainText('Wide CNN (as you edited it): 7 layers');
  });

  test('works from the keyboard alone', async ({ page }) => {
    await page.goto('/lessons/building-the-cnn/');
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    const open = page.getByRole('button', { name: 'Open the builder' });
    await open.focus();
    await page.keyboard.press('Enter');
    const builder = page.locator('[data-cell="builder"]');
    await expect(builder.getByLabel('Default recipe')).toBeChecked();
    await builder.getByLabel('Default recipe').focus();
    await page.keyboard.press('ArrowLeft'); // radio groups move with the arrows
    await expect(builder.getByLabel('Tutorial CNN')).toBeChecked();
    await expect(builder.locator('tbody tr[data-layer]')).toHaveCount(6);
    await page.keyboard.press('Tab');
    await expect(builder.getByLabel('Layer 1 filters')).toBeFocused();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12');
    await expect(builder.locator('tbody tr[data-layer="0"]')).toHaveAttribute('data-parameters', String(5 * 5 * 12 + 12));
    const remove = builder.getByRole('button', { name: 'Remove layer 2 (Max-pooling)' });
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect(builder.locator('tbody tr[data-layer]')).toHaveCount(5);
    // Focus stays in the table (on the next row's button), not lost to the page's top.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove layer 2 (Convolution)');
  });

  test('has no accessibility violations, with the tables and the builder open', async ({ page }) => {
    await openBuilder(page);
    for (const id of ['tutorial', 'shapes', 'recipe']) {
      await page.locator(`[data-cell="${id}"] .cell-run`).click();
      await expect(page.locator(`[data-cell="${id}"]`)).toHaveAttribute('data-state', 'done');
    }
    await page.locator('[data-cell="builder"]').getByLabel('Layer 1 kernel size').fill('40');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
