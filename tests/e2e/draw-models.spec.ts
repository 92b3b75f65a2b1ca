import { expect, test, type Page } from './test';
import { drawWithMouse, kerasStyleModel255, oneOfEachDigit, openDrawPage, prediction, settledReading } from './draw-page';

/** Reads three held-out pen digits (2, 5, 8) and returns what the pad said. */
async function readThree(page: Page): Promise<string[]> {
  const read: string[] = [];
  for (const sample of [2, 5, 8].map((digit) => oneOfEachDigit(24)[digit]!)) {
    await page.getByTestId('clear').click();
    await drawWithMouse(page, sample.strokes);
    read.push((await settledReading(page)).digit);
  }
  return read;
}

const scaleRadio = (page: Page, range: '0–1' | '0–255') => page.getByRole('radio', { name: `pixels ${range}` });
const uploadStatus = (page: Page) => page.locator('[data-upload-status]');
const modelStatus = (page: Page) => page.locator('[data-model-status]');

test.describe('lesson 7: which model the pad reads with', () => {
  test('an uploaded Keras model reads digits once told it expects pixels 0–255, and is still used after a reload', async ({ page }) => {
    await openDrawPage(page);
    await page.getByText('Use your own Keras model').click();
    await expect(scaleRadio(page, '0–1')).toBeDisabled(); // the shipped model's range is fixed
    await page.getByTestId('model-upload').setInputFiles(kerasStyleModel255());
    await expect(uploadStatus(page)).toContainText('is in use and kept in this browser');
    const uploadedId = (await prediction(page).getAttribute('data-model'))!;
    expect(uploadedId).not.toBe('default');
    await expect(modelStatus(page)).toContainText('Reading with: My Keras model');

    // Given pixels 0–1, the first layer sees 255 times too little ink.
    await expect(scaleRadio(page, '0–1')).toBeChecked();
    const asUnit = await readThree(page);
    expect(asUnit).not.toEqual(['2', '5', '8']);

    await scaleRadio(page, '0–255').check();
    expect(await readThree(page)).toEqual(['2', '5', '8']);

    await page.reload();
    await expect(prediction(page)).toHaveAttribute('data-ready', 'true');
    await expect(prediction(page)).toHaveAttribute('data-model', uploadedId);
    await page.getByText('Use your own Keras model').click();
    await expect(scaleRadio(page, '0–255')).toBeChecked();
    expect(await readThree(page)).toEqual(['2', '5', '8']);
  });

  test('a broken upload says what is wrong in a sentence and keeps the current model', async ({ page }) => {
    await openDrawPage(page);
    const upload = page.getByTestId('model-upload');
    await upload.setInputFiles([{ name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "my-app", "version": "1.0.0"}') }]);
    await expect(uploadStatus(page)).toContainText(/not a .*model|no .*model/i);
    await expect(uploadStatus(page)).toContainText('Still reading with: Shipped model');

    const [json, firstShard] = kerasStyleModel255(2);
    await upload.setInputFiles([json!, firstShard!]);
    await expect(uploadStatus(page)).toContainText('group1-shard2of2.bin');
    await expect(uploadStatus(page)).toContainText('Still reading with: Shipped model');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    expect(await readThree(page)).toEqual(['2', '5', '8']);
  });

  test('the picker offers both shipped models and switches between them', async ({ page }) => {
    await openDrawPage(page);
    const picker = page.getByLabel('Model', { exact: true });
    await expect(picker.locator('option')).toHaveText(['Shipped model (MNIST + pen writers 1–20)', 'Shipped model trained on MNIST only']);
    await picker.selectOption('mnist-only');
    await expect(prediction(page)).toHaveAttribute('data-model', 'mnist-only');
    await expect(modelStatus(page)).toHaveText('Reading with: Shipped model trained on MNIST only.');
    for (const digit of await readThree(page)) expect(digit).toMatch(/^\d$/); // it reads, whatever it reads
    await openDrawPage(page, '/', '?model=default');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default'); // the URL wins over the remembered choice
  });

  test('a model the student trained, kept in the browser, is the one the page uses', async ({ page }) => {
    await openDrawPage(page);
    // Put a "trained" model into the store the way lesson 4 will: the shipped weights under a new record.
    await keepShippedModelAs(page, 'default', { id: 'trained-in-test', name: 'My lesson 4 model', source: 'trained' });
    await page.reload();
    await expect(prediction(page)).toHaveAttribute('data-model', 'trained-in-test');
    await expect(modelStatus(page)).toContainText('Reading with: My lesson 4 model');
    expect(await readThree(page)).toEqual(['2', '5', '8']);

    // The picker switches back, and the choice is remembered.
    await page.getByLabel('Model', { exact: true }).selectOption('default');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    await page.reload();
    await expect(prediction(page)).toHaveAttribute('data-ready', 'true');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    await expect(page.getByLabel('Model', { exact: true }).locator('option')).toContainText(['Shipped model (MNIST + pen writers 1–20)', 'My lesson 4 model (you trained it)']);
  });

  test('My models on the page switches the pad at once, and a model deleted there leaves the picker', async ({ page }) => {
    await openDrawPage(page);
    await keepShippedModelAs(page, 'mnist-only', { id: 'kept-in-test', name: 'Kept model', source: 'uploaded' });
    await page.reload();
    // With no choice remembered the pad takes the newest upload; choose the shipped model first.
    await page.getByLabel('Model', { exact: true }).selectOption('default');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');

    await page.locator('[data-cell="models"] .cell-run').click();
    const row = page.locator('[data-testid="my-model"][data-model-id="kept-in-test"]');
    await row.getByRole('button', { name: 'Use on the drawing pad' }).click();
    await expect(prediction(page)).toHaveAttribute('data-model', 'kept-in-test'); // no reload
    await expect(modelStatus(page)).toContainText('Reading with: Kept model');

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(page.locator('[data-testid="my-model"][data-model-id="kept-in-test"]')).toHaveCount(0);
    await expect(page.getByLabel('Model', { exact: true }).locator('option[value="kept-in-test"]')).toHaveCount(0);
    // It was in use: the pad reads with another model and says why.
    await expect(modelStatus(page)).toContainText('“Kept model” was deleted.');
    await expect(prediction(page)).not.toHaveAttribute('data-model', 'kept-in-test');
  });
});

/** Puts a shipped model's files into the browser's model store under a new record, as lesson 4 or an upload would. */
async function keepShippedModelAs(page: Page, shipped: string, record: { id: string; name: string; source: 'trained' | 'uploaded' }): Promise<void> {
  await page.evaluate(
    async ({ shipped, record }) => {
      const modelJson = await (await fetch(`/models/${shipped}/model.json`)).json();
      const weightData = await (await fetch(`/models/${shipped}/weights.bin`)).arrayBuffer();
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('digit-lab-models');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const transaction = db.transaction(['models', 'weights'], 'readwrite');
      transaction.objectStore('weights').put(
        { modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData, format: 'layers-model' },
        record.id,
      );
      transaction.objectStore('models').put({ ...record, createdAt: Date.now(), pixelScale: 'unit' });
      await new Promise((resolve, reject) => {
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    { shipped, record },
  );
}
