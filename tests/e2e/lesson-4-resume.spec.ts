import { expect, test, type Page } from './test';
import { fillForm, openTraining } from './lesson-4-page';

/** Two short epochs: a tenth of the training set, batches of 128 (43 steps an epoch). */
async function startTwoShortEpochs(page: Page): Promise<void> {
  await openTraining(page);
  await fillForm(page, { epochs: '2', batchSize: '128', trainingShare: '10', backend: 'wasm' });
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-checkpoint-epoch', '1', { timeout: 90_000 });
}

async function continueAndFinish(page: Page): Promise<void> {
  await page.locator('[data-cell="train"] .cell-run').click();
  const interrupted = page.getByTestId('interrupted');
  await expect(interrupted).toBeVisible();
  await expect(interrupted).toContainText('A run of Tutorial CNN was interrupted at epoch 2 of 2 (step 43 of 86; epoch 1 is saved).');
  await interrupted.getByRole('button', { name: 'Continue' }).click();
  const panel = page.getByTestId('training-panel');
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-resumed', 'true');
  // The curves start with the first epoch's reports, before the worker sends any new one.
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('train-status')).toHaveText('Finished 86 steps.');
  expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'))).toBeGreaterThan(0.5);
  await expect(page.getByTestId('save-outcome')).toHaveAttribute('data-saved-id', /^model-/);
}

test.describe('Lesson 4: runs that survive', () => {
  test('reload mid-run (after one short epoch), continue, finish, and find the model in My models', async ({ page }) => {
    test.setTimeout(180_000);
    await startTwoShortEpochs(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    await continueAndFinish(page);
    const savedId = await page.getByTestId('save-outcome').getAttribute('data-saved-id');
    await page.locator('[data-cell="models"] .cell-run').click();
    await expect(page.locator(`[data-testid="my-model"][data-model-id="${savedId}"]`)).toContainText('Tutorial CNN');
    // Finished: nothing is left to continue.
    await page.reload();
    await page.locator('[data-cell="train"] .cell-run').click();
    await expect(page.getByTestId('training-panel')).toBeVisible();
    await expect(page.getByTestId('interrupted')).toBeHidden();
  });

  test('leaving mid-run asks first; coming back from another lesson offers to continue; discard forgets it', async ({ page }) => {
    test.setTimeout(180_000);
    await startTwoShortEpochs(page);
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await page.getByRole('link', { name: 'Change it in lesson 3' }).click();
    await expect(page).toHaveURL(/building-the-cnn/);
    expect(asked).toEqual(['beforeunload']);
    await page.goto('/lessons/training/');
    await page.locator('[data-cell="train"] .cell-run').click();
    await expect(page.getByTestId('interrupted')).toContainText('interrupted at epoch 2 of 2');
    await page.getByTestId('interrupted').getByRole('button', { name: 'Discard' }).click();
    await expect(page.getByTestId('interrupted')).toBeHidden();
    await page.reload();
    await page.locator('[data-cell="train"] .cell-run').click();
    await expect(page.getByTestId('training-panel')).toBeVisible();
    await expect(page.getByTestId('interrupted')).toBeHidden();
  });

  test('a frozen (hidden) page does not stop the training worker: it checkpoints an epoch while the page sleeps', async ({ page, context }) => {
    test.setTimeout(180_000);
    await openTraining(page);
    await fillForm(page, { epochs: '3', batchSize: '128', trainingShare: '10', backend: 'wasm' });
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.locator('[data-fact="step"]')).toContainText(/^\d+ of 129/, { timeout: 60_000 });
    // Headless Chromium reports a background tab as visible; freezing the page through CDP is the
    // harsher case (STACK-NOTES): its timers and events stop, its worker does not.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    const frozenAt = Number((await page.locator('[data-fact="step"]').textContent())?.match(/^(\d+)/)?.[1]);
    const epochWhileFrozen = Math.min(2, Math.floor(frozenAt / 43) + 1);
    // Another page of the same site watches the worker's checkpoints in IndexedDB.
    const watcher = await context.newPage();
    await watcher.goto('/');
    const epochsSaved = () =>
      watcher.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('digit-lab-checkpoints');
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('runs')) return resolve(0);
              const get = db.transaction('runs').objectStore('runs').get('current');
              get.onsuccess = () => resolve((get.result as { epochsDone?: number } | undefined)?.epochsDone ?? 0);
            };
          }),
      );
    await expect.poll(epochsSaved, { timeout: 120_000 }).toBeGreaterThanOrEqual(epochWhileFrozen);
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  });
});
