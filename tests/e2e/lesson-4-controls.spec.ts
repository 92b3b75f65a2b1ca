import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { fillForm, openTraining } from './lesson-4-page';

const step = (text: string | null) => Number(text?.match(/^(\d+) of/)?.[1] ?? Number.NaN);

test.describe('Lesson 4: the controls', () => {
  test('pause holds the run where it is, resume goes on from the same step to the end', async ({ page }) => {
    test.setTimeout(120_000);
    await openTraining(page);
    await fillForm(page, { maxSteps: '300', batchSize: '32', backend: 'wasm', optimizer: 'momentum', peakLearningRate: '0.05' });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.locator('[data-fact="step"]')).toContainText(/^\d+ of 300/, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const panel = page.getByTestId('training-panel');
    await expect(panel).toHaveAttribute('data-state', 'paused');
    await expect(page.getByTestId('train-status')).toContainText(/^Paused after step \d+/);
    const held = step(await page.locator('[data-fact="step"]').textContent());
    // While paused, a few reports' worth of waiting moves nothing (polled, not timed).
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
      expect(step(await page.locator('[data-fact="step"]').textContent())).toBe(held);
    }
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(panel).toHaveAttribute('data-state', 'training');
    await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('train-status')).toHaveText('Finished 300 steps.');
    expect(JSON.parse((await page.getByTestId('train-status').getAttribute('data-options'))!)).toMatchObject({ optimizer: 'momentum', peakLearningRate: 0.05 });
  });

  test('a rate of 10 diverges: the panel says what happened and why, nothing is saved, and the retry at a third of the rate runs', async ({ page }) => {
    test.setTimeout(150_000);
    await openTraining(page);
    await fillForm(page, { maxSteps: '150', batchSize: '64', backend: 'wasm', peakLearningRate: '10' });
    await page.getByRole('button', { name: 'Start training' }).click();
    const panel = page.getByTestId('training-panel');
    await expect(panel).toHaveAttribute('data-state', 'diverged', { timeout: 90_000 });
    const divergence = page.getByTestId('divergence');
    await expect(divergence).toBeVisible();
    await expect(divergence).toContainText(/The loss (became NaN|exploded)|still reads only/);
    await expect(divergence).toContainText('learning rate is too high for this network (the peak was 10)');
    await expect(page.getByTestId('save-outcome')).toHaveCount(0);
    // The line beside the cell's title says it as a failure, not in the green of a cell that ran.
    const cellState = page.locator('[data-cell="train"] .cell-state');
    await expect(cellState).toHaveText('The run diverged, so it stopped. Nothing was saved.');
    await expect(cellState).toHaveAttribute('data-tone', 'bad');
    await expect(cellState).toHaveCSS('color', 'rgb(207, 34, 46)');
    const results = await new AxeBuilder({ page }).include('[data-cell="train"]').analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await page.getByRole('button', { name: 'Start again at a third of the rate (3.3)' }).click();
    await expect(page.locator('input[name="peakLearningRate"]')).toHaveValue('3.3');
    await expect(panel).toHaveAttribute('data-state', /training|diverged|done/);
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-options', /"peakLearningRate":3.3/);
  });

  test('every box is checked, with the sentence at the box', async ({ page }) => {
    await openTraining(page);
    await fillForm(page, { labelSmoothing: '1.5', seed: 'abc' });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.locator('#hint-labelSmoothing')).toHaveText('Label smoothing must be from 0 up to (not including) 1 (0.1 is usual), got 1.5');
    await expect(page.locator('input[name="labelSmoothing"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#hint-seed')).toHaveText('Seed must be a whole number, but the box is empty or not a plain decimal number');
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'idle');
    await fillForm(page, { labelSmoothing: '0', seed: '2' });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.locator('input[name="labelSmoothing"]')).not.toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', /stopped|done/, { timeout: 60_000 });
  });

  test('lesson 2’s augmentation is shown, sent with the run, and can be switched off for one run', async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript(() =>
      localStorage.setItem('digit-lab:augmentation:v1', JSON.stringify({ enabled: true, options: { maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1 } })),
    );
    await openTraining(page);
    const augment = page.getByTestId('train-augment');
    await expect(augment).toContainText('With augmentation from lesson 2: shift ±2 px, rotation ±10°, scale ±10%');
    await expect(page.getByRole('checkbox', { name: /With augmentation/ })).toBeChecked();
    await fillForm(page, { maxSteps: '4', batchSize: '32', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    const status = page.getByTestId('train-status');
    await expect(status).toHaveAttribute('data-augment', JSON.stringify({ maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1 }));
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', /done|stopped/, { timeout: 90_000 });
    await page.getByRole('checkbox', { name: /With augmentation/ }).uncheck();
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(status).toHaveAttribute('data-augment', 'none');
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  test('a damaged augmentation setting is named, not crashed on', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('digit-lab:augmentation:v1', '{"enabled": tru'));
    await openTraining(page);
    await expect(page.getByTestId('train-augment')).toContainText('could not be read (it is damaged or from an older version)');
    await expect(page.getByTestId('train-augment')).toHaveAttribute('data-saved', 'false');
  });
});
