import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { addLineAfter, cellCode, codeCell, openCodeLesson, runCell, setCellCode } from './code-cells-helpers';

test.describe('Code cells on a phone', () => {
  test('edit the lesson-3 model with a tap and the on-screen keyboard, run it, train it in lesson 4, and reset it', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await codeCell(page, 'model').locator('[data-action="run"]').tap();
    await expect(codeCell(page, 'model')).toHaveAttribute('data-state', 'done');
    const summary = codeCell(page, 'model').getByTestId('model-summary');
    await expect(summary).toHaveAttribute('data-layers', '4');

    await addLineAfter(page, 'model', "{ type: 'flatten' },", "{ type: 'dense', units: 16, activation: 'relu' },");
    await codeCell(page, 'model').locator('[data-action="run"]').tap();
    await expect(summary).toHaveAttribute('data-layers', '5');
    await expect(codeCell(page, 'model').getByTestId('code-edited-model')).toBeVisible();
    // Nothing in the cell is wider than the phone: the page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await codeCell(page, 'send').locator('[data-action="run"]').tap();
    await expect(codeCell(page, 'send').getByTestId('lesson4-choice')).toHaveAttribute('data-state', 'saved');
    await page.goto('/lessons/training/');
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    await page.locator('[data-cell="train"] .cell-run').tap();
    await expect(page.getByTestId('train-model')).toContainText('You will train My CNN (as you edited it): 5 layers');

    await openCodeLesson(page, 'building-the-cnn');
    expect(await cellCode(page, 'model')).toContain('units: 16');
    await codeCell(page, 'model').locator('[data-action="reset"]').tap();
    await expect(codeCell(page, 'model')).toHaveAttribute('data-edited', 'false');
    expect(await cellCode(page, 'model')).not.toContain('units: 16');
  });

  test('errors show inline with their line, a runaway loop is stopped, and axe finds nothing', async ({ page }) => {
    await openCodeLesson(page, 'building-the-cnn');
    await setCellCode(page, 'send', 'const a = 1;\nshow(a);\nnotDefined();');
    await codeCell(page, 'send').locator('[data-action="run"]').tap();
    await expect(codeCell(page, 'send')).toHaveAttribute('data-state', 'error');
    await expect(codeCell(page, 'send').getByTestId('code-error-send')).toHaveAttribute('data-line', '3');
    await expect(codeCell(page, 'send').getByTestId('code-error-send')).toContainText('ReferenceError: notDefined is not defined');

    await setCellCode(page, 'send', 'for (;;) {}');
    await runCell(page, 'send', 'stopped');
    await expect(codeCell(page, 'send').getByTestId('code-error-send')).toContainText('without letting the page draw');
    await runCell(page, 'model');

    const results = await new AxeBuilder({ page }).include('[data-code-notebook]').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
