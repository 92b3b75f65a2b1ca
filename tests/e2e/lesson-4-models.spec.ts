import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { fillForm, openTraining } from './lesson-4-page';

test.describe('Lesson 4: My models', () => {
  test('a trained model is listed; rename, download, upload back, use on the pad, delete; a damaged record is listed and deletable', async ({ page }) => {
    test.setTimeout(150_000);
    await openTraining(page);
    await fillForm(page, { maxSteps: '40', batchSize: '64', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    const outcome = page.getByTestId('save-outcome');
    await expect(outcome).toHaveAttribute('data-saved-id', /^model-/, { timeout: 90_000 });
    const savedId = (await outcome.getAttribute('data-saved-id'))!;
    await expect(page.getByTestId('pad-model')).toHaveAttribute('data-pad-model', savedId);

    // A record an older version (or DevTools) left behind: listed as damaged, never breaking the list.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('digit-lab-models');
          open.onsuccess = () => {
            const tx = open.result.transaction('models', 'readwrite');
            tx.objectStore('models').put({ id: 'model-junk', name: 'half-written', source: 42 });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );

    await page.locator('[data-cell="models"] .cell-run').click();
    const list = page.getByTestId('my-models');
    await expect(list).toHaveAttribute('data-count', '2');
    const row = list.locator(`[data-testid="my-model"][data-model-id="${savedId}"]`);
    await expect(row).toHaveAttribute('data-in-use', 'true');
    await expect(row).toContainText(/Tutorial CNN, \d+\.\d%, \d+ [A-Z][a-z]{2} \d\d:\d\d/);
    await expect(row).toContainText('Tutorial CNN');
    const damaged = list.locator('[data-testid="my-model"][data-damaged="true"]');
    await expect(damaged).toContainText('"half-written" is damaged');

    const axe = await new AxeBuilder({ page }).include('[data-cell="models"]').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // Rename.
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByLabel('New name').fill('My first CNN');
    await row.getByRole('button', { name: 'Save name' }).click();
    await expect(row.locator('th')).toContainText('My first CNN');

    // Download both files, then upload them back: a second model, read from the files.
    await row.getByRole('button', { name: 'Download' }).click();
    const links = row.getByRole('link');
    await expect(links).toHaveText(['Download my-first-cnn.json', 'Download my-first-cnn.weights.bin', 'Download my-first-cnn-README.md']);
    // The README beside the two files says how to load them in Python and in a web page.
    const readmeDownload = page.waitForEvent('download');
    await links.nth(2).click();
    const readmePath = test.info().outputPath('README.md');
    await (await readmeDownload).saveAs(readmePath);
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme).toContain('tensorflowjs_converter --input_format tfjs_layers_model --output_format keras my-first-cnn.json');
    expect(readme).toContain('tf.loadLayersModel');
    const paths: string[] = [];
    for (let i = 0; i < 2; i++) {
      const download = page.waitForEvent('download');
      await links.nth(i).click();
      const file = await download;
      const path = test.info().outputPath(file.suggestedFilename());
      await file.saveAs(path);
      paths.push(path);
    }
    await page.getByTestId('my-models-upload').setInputFiles(paths);
    await expect(page.getByTestId('my-models-status')).toContainText('is kept in this browser', { timeout: 30_000 });
    await expect(list).toHaveAttribute('data-count', '3');
    const uploaded = list.locator('[data-testid="my-model"]').first();
    await expect(uploaded).toContainText('uploaded');
    const uploadedId = (await uploaded.getAttribute('data-model-id'))!;

    // Use the uploaded copy on the pad.
    await uploaded.getByRole('button', { name: 'Use on the drawing pad' }).click();
    await expect(list).toHaveAttribute('data-pad-model', uploadedId);
    await expect(list.locator(`[data-model-id="${uploadedId}"]`)).toHaveAttribute('data-in-use', 'true');

    // Delete asks once more; "Keep it" keeps it.
    await damaged.getByRole('button', { name: 'Delete' }).click();
    await damaged.getByRole('button', { name: 'Keep it' }).click();
    await expect(list).toHaveAttribute('data-count', '3');
    await damaged.getByRole('button', { name: 'Delete' }).click();
    await damaged.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(list).toHaveAttribute('data-count', '2');
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(list).toHaveAttribute('data-count', '1');

    // The pad reads with the uploaded copy.
    await page.goto('/lessons/draw-and-predict/');
    await expect(page.getByTestId('prediction')).toHaveAttribute('data-model', uploadedId, { timeout: 30_000 });
  });

  test('Stop right after Start keeps nothing unless asked, and the pad keeps its model', async ({ page }) => {
    test.setTimeout(120_000);
    await openTraining(page);
    await fillForm(page, { maxSteps: '2000', batchSize: '32', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'training');
    await page.getByRole('button', { name: 'Stop' }).click();
    const outcome = page.getByTestId('save-outcome');
    await expect(outcome).toBeVisible({ timeout: 60_000 });
    const kept = await outcome.getAttribute('data-saved-id');
    if (kept === '') {
      // It stopped before learning (how early depends on the machine): not saved, and it says why.
      await expect(outcome).toContainText(/Not saved: stopped after \d+ steps: nothing learned yet/);
      await outcome.getByRole('button', { name: 'Keep it anyway' }).click();
      await expect(outcome).toHaveAttribute('data-saved-id', /^model-/);
      await expect(outcome).toContainText('the drawing pad keeps the model it had');
    }
  });
});
