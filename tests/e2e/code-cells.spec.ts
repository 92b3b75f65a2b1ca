import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { addLineAfter, cellCode, codeCell, openCodeLesson, runCell, setCellCode, waitForCodeCells } from './code-cells-helpers';

test.describe('Code cells', () => {
  test('lesson 3: add a layer in code, see the summary change, train it in lesson 4; the edit survives a reload until reset', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await runCell(page, 'model');
    const summary = codeCell(page, 'model').getByTestId('model-summary');
    await expect(summary).toHaveAttribute('data-layers', '4');
    await expect(codeCell(page, 'model').getByTestId('code-edited-model')).toBeHidden();

    await addLineAfter(page, 'model', "{ type: 'flatten' },", "{ type: 'dense', units: 32, activation: 'relu' },");
    await expect(codeCell(page, 'model').getByTestId('code-edited-model')).toBeVisible();
    // Ctrl+Enter runs the cell from the keyboard, the cursor still in the editor.
    await page.keyboard.press('Control+Enter');
    await expect(summary).toHaveAttribute('data-layers', '5');
    await expect(codeCell(page, 'model')).toHaveAttribute('data-state', 'done');
    await expect(summary).toContainText('dense');
    await expect(codeCell(page, 'model').getByTestId('code-tensors-model')).toContainText('This cell left');

    await runCell(page, 'send');
    const choice = codeCell(page, 'send').getByTestId('lesson4-choice');
    await expect(choice).toHaveAttribute('data-state', 'saved');
    await expect(choice).toContainText('Saved for lesson 4: “My CNN”, 5 layers');

    await page.goto('/lessons/training/');
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    await page.locator('[data-cell="train"] .cell-run').click();
    await expect(page.getByTestId('train-model')).toContainText('You will train My CNN (as you edited it): 5 layers');

    await openCodeLesson(page, 'building-the-cnn');
    expect(await cellCode(page, 'model')).toContain("{ type: 'dense', units: 32, activation: 'relu' },");
    await expect(codeCell(page, 'model')).toHaveAttribute('data-edited', 'true');
    await codeCell(page, 'model').locator('[data-action="reset"]').click();
    expect(await cellCode(page, 'model')).not.toContain('units: 32');
    await expect(codeCell(page, 'model')).toHaveAttribute('data-edited', 'false');
    await page.reload();
    await waitForCodeCells(page);
    expect(await cellCode(page, 'model')).not.toContain('units: 32');
  });

  test('"Reset lesson" asks no dialog: it resets every cell at once and offers to undo it', async ({ page }) => {
    page.on('dialog', (dialog) => {
      throw new Error(`No dialog expected, got: ${dialog.message()}`);
    });
    await openCodeLesson(page, 'building-the-cnn');
    await addLineAfter(page, 'model', "{ type: 'flatten' },", "{ type: 'dense', units: 32, activation: 'relu' },");
    await page.locator('[data-tool="reset-lesson"]').click();
    await expect(page.getByTestId('code-notice')).toContainText('Every cell is back to its starter code.');
    expect(await cellCode(page, 'model')).not.toContain('units: 32');
    await page.locator('[data-tool="undo-reset"]').click();
    await expect(page.getByTestId('code-notice')).toContainText('Your edits are back.');
    expect(await cellCode(page, 'model')).toContain("{ type: 'dense', units: 32, activation: 'relu' },");
    await page.reload();
    await waitForCodeCells(page);
    expect(await cellCode(page, 'model')).toContain('units: 32');
  });

  test('a syntax error and a thrown error show inline with their line; the other cells still run', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await setCellCode(page, 'send', 'const a = 1;\nconst b = (2;\nshow(b);');
    await runCell(page, 'send', 'error');
    const error = codeCell(page, 'send').getByTestId('code-error-send');
    await expect(error).toHaveAttribute('data-line', '2');
    await expect(error).toContainText(/^Line 2: Syntax error: /);
    await expect(codeCell(page, 'send').locator('.cm-error-line')).toHaveAttribute('data-error-line', '2');

    await setCellCode(page, 'send', 'const a = 1;\n\nthrow new Error(`a was ${a}`);');
    // The highlight goes as soon as the code changes.
    await expect(codeCell(page, 'send').locator('.cm-error-line')).toHaveCount(0);
    await runCell(page, 'send', 'error');
    await expect(error).toHaveAttribute('data-line', '3');
    await expect(error).toHaveText('Line 3: a was 1');
    await expect(codeCell(page, 'send').locator('.cm-error-line')).toHaveAttribute('data-error-line', '3');

    await runCell(page, 'model');
    await expect(codeCell(page, 'model').getByTestId('model-summary')).toHaveAttribute('data-layers', '4');
  });

  test('`while (true) {}` is stopped with a sentence, Stop ends an async loop, and the next run works', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await setCellCode(page, 'send', 'let turns = 0;\nwhile (true) { turns++; }');
    await runCell(page, 'send', 'stopped');
    const error = codeCell(page, 'send').getByTestId('code-error-send');
    await expect(error).toContainText('without letting the page draw');
    await expect(error).toHaveAttribute('data-line', '2');

    await setCellCode(page, 'send', 'let frames = 0;\nwhile (true) {\n  frames++;\n  await new Promise((resolve) => setTimeout(resolve, 20));\n}');
    await codeCell(page, 'send').locator('[data-action="run"]').click();
    const stop = codeCell(page, 'send').locator('[data-action="stop"]');
    await expect(stop).toBeVisible();
    await stop.click();
    await expect(codeCell(page, 'send')).toHaveAttribute('data-state', 'stopped');
    await expect(error).toContainText('Stopped: you pressed Stop.');
    await expect(stop).toBeHidden();

    await setCellCode(page, 'send', 'show(6 * 7);');
    await runCell(page, 'send');
    await expect(codeCell(page, 'send').getByTestId('code-output-send')).toContainText('42');
  });

  test('the downloaded notebook opens on its own and shows the code and the outputs', async ({ page, browser }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await addLineAfter(page, 'model', "{ type: 'flatten' },", "{ type: 'dense', units: 24, activation: 'relu' },");
    await runCell(page, 'model');
    const download = page.waitForEvent('download');
    await page.locator('[data-tool="download"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('digit-lab-building-the-cnn-notebook.html');
    const html = readFileSync((await file.path())!, 'utf8');

    const fresh = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await fresh.setContent(html);
    await expect(fresh.locator('h1')).toHaveText('Building the CNN');
    const cell = fresh.locator('[data-cell-id="model"]');
    await expect(cell.locator('h2')).toContainText('(edited)');
    await expect(cell.locator('pre.code')).toContainText("{ type: 'dense', units: 24, activation: 'relu' },");
    await expect(cell.locator('table[data-testid="model-summary"]')).toHaveAttribute('data-layers', '5');
    await fresh.context().close();

    // The same file loads the edits back into a lesson that has none.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await waitForCodeCells(page);
    expect(await cellCode(page, 'model')).not.toContain('units: 24');
    await page.locator('[data-tool="load-edits"]').setInputFiles({ name: 'notebook.html', mimeType: 'text/html', buffer: Buffer.from(html) });
    await expect(page.getByTestId('code-notice')).toContainText('Loaded your code for 1 cell(s)');
    expect(await cellCode(page, 'model')).toContain('units: 24');
  });

  test('a damaged saved record is set aside with a notice; a cell run before the one it needs says which to run', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('digit-lab:code-edits:v1:building-the-cnn', '{"version":1,"cells":'));
    await openCodeLesson(page, 'building-the-cnn');
    await expect(page.getByTestId('code-notice')).toContainText('could not be used (it is not readable JSON), so the cells show their starter code');
    await runCell(page, 'send', 'error');
    await expect(codeCell(page, 'send').getByTestId('code-error-send')).toHaveText(
      'Line 4: ReferenceError: config is not defined. It is defined in “A model in code, and its summary” above: run that cell first (or Run all above).',
    );
    await codeCell(page, 'send').locator('[data-action="run-above"]').click();
    await expect(codeCell(page, 'model')).toHaveAttribute('data-state', 'done');
    await runCell(page, 'send');
  });

  test('lesson 1: the ink cell plots with Plot from the loaded data, and the next cell uses what it defined', async ({ page }) => {
    test.setTimeout(120_000);
    await openCodeLesson(page, 'meet-the-data');
    await runCell(page, 'ink');
    await expect(codeCell(page, 'ink').locator('svg[aria-label], figure[aria-label], svg')).not.toHaveCount(0);
    await runCell(page, 'inkiest');
    await expect(codeCell(page, 'inkiest').getByTestId('code-output-inkiest')).toContainText(/Most ink: \d\. Least ink: \d\./);
    await expect(codeCell(page, 'inkiest').locator('canvas.shown-digit')).toHaveCount(16);
    // Running the first cell again makes the second stale.
    await runCell(page, 'ink');
    await expect(codeCell(page, 'inkiest')).toHaveAttribute('data-stale', 'true');
    await expect(codeCell(page, 'inkiest').getByTestId('code-stale-inkiest')).toContainText('Average ink per digit');
  });

  test('Shift+Enter runs a cell and moves to the next; a cell’s leftover tensors can be freed', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await codeCell(page, 'model').locator('.cm-content').click();
    await page.keyboard.press('Shift+Enter');
    await expect(codeCell(page, 'model')).toHaveAttribute('data-state', 'done');
    await expect(codeCell(page, 'send').locator('.cm-editor')).toHaveClass(/cm-focused/);
    const left = codeCell(page, 'model').getByTestId('code-tensors-model');
    await expect(left).toHaveAttribute('data-tensors-left', '4'); // the model's two kernels and two biases
    await left.getByRole('button', { name: 'Free them' }).click();
    await expect(left).toHaveAttribute('data-tensors-left', '0');
    await expect(left).toContainText('Freed 4 tensors');
  });

  test('lesson 4: the hand-written loop prints a loss for each of its 40 steps, and the loss falls', async ({ page }) => {
    test.setTimeout(120_000);
    await openCodeLesson(page, 'training');
    await runCell(page, 'loop');
    const lines = await codeCell(page, 'loop').locator('pre.printed').allTextContents();
    expect(lines).toHaveLength(40);
    const losses = lines.map((line) => Number(/loss ([\d.]+)/.exec(line)![1]));
    expect(losses[39]!).toBeLessThan(losses[0]!);
    await expect(codeCell(page, 'loop').locator('svg')).not.toHaveCount(0);
    await runCell(page, 'accuracy');
    await expect(codeCell(page, 'accuracy').getByTestId('code-output-accuracy')).toContainText(/\d+ of 500 test digits read right/);
  });

  test('lesson 7: your own preprocessing and the course’s give the model an image each, for the same strokes', async ({ page }) => {
    await openCodeLesson(page, 'draw-and-predict');
    await runCell(page, 'preprocess');
    await expect(codeCell(page, 'preprocess').locator('canvas.shown-digit')).toHaveCount(2);
    await expect(codeCell(page, 'preprocess').getByTestId('code-output-preprocess')).toContainText(/Yours: the model reads \d/);
    await runCell(page, 'pens');
    await expect(codeCell(page, 'pens').locator('canvas.shown-digit')).toHaveCount(6);
  });

  test('show draws a tensor as its shape and values, a batch as a strip, and a tfjs-vis chart spec as that chart', async ({ page }) => {
    // A tfjs-vis lesson: only there does the page's policy allow the run-time code Vega needs.
    await openCodeLesson(page, 'training');
    await setCellCode(
      page,
      'accuracy',
      "show(tf.tensor([1.5, 2, 3]), 'a tensor');\nshow(tf.zeros([3, 28, 28]), 'a batch');\nshow({ chart: 'barchart', data: [{ index: 0, value: 5 }, { index: 1, value: 3 }] }, 'a chart');",
    );
    await runCell(page, 'accuracy');
    const output = codeCell(page, 'accuracy').getByTestId('code-output-accuracy');
    await expect(output.locator('[data-kind="tensor"]')).toContainText('Tensor, shape [3], float32, 3 values\n[1.5, 2, 3]');
    await expect(output.locator('[data-kind="strip"] canvas')).toHaveCount(3);
    await expect(output.locator('[data-kind="vis"] .shown-vis').locator('canvas, svg').first()).toBeVisible({ timeout: 30_000 });
  });

  test('on a lesson whose policy has no unsafe-eval, a tfjs-vis chart says why it cannot be drawn', async ({ page, cspViolations }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await setCellCode(page, 'send', "show({ chart: 'barchart', data: [{ index: 0, value: 5 }] }, 'a chart');");
    await runCell(page, 'send');
    await expect(codeCell(page, 'send').locator('.shown-vis .cell-error')).toContainText('tfjs-vis charts cannot be drawn on this page', { timeout: 30_000 });
    // The page reports a violation to the test asynchronously: it may arrive after the sentence shows.
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(cspViolations.every((v) => v.directive === 'script-src')).toBe(true);
    cspViolations.splice(0);
  });

  test('axe finds nothing with the editors on the page, run or not', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await runCell(page, 'model');
    const results = await new AxeBuilder({ page }).include('[data-code-notebook]').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
