/**
 * Shared steps of the code-cell specs (desktop and phone): open a lesson with its code cells
 * ready, read and change a cell's code through its CodeMirror editor, run a cell and wait
 * for it to finish — by state, never by time.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export async function openCodeLesson(page: Page, slug: string): Promise<void> {
  await page.goto(`/lessons/${slug}/`);
  await waitForCodeCells(page);
}

/** The editors start when the section comes near the screen, as a reader scrolls to it. */
export async function waitForCodeCells(page: Page): Promise<void> {
  await page.locator('[data-code-notebook]').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-code-notebook][data-ready="true"]')).toBeAttached();
}

export const codeCell = (page: Page, id: string): Locator => page.getByTestId(`code-cell-${id}`);

export async function cellCode(page: Page, id: string): Promise<string> {
  return codeCell(page, id)
    .locator('.cm-content')
    .evaluate((content) => [...content.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n'));
}

/** Replaces the whole code of a cell, as a student selecting all and typing would. */
export async function setCellCode(page: Page, id: string, code: string): Promise<void> {
  const editor = codeCell(page, id).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
  await expect.poll(() => cellCode(page, id)).toBe(code);
}

/** Puts the cursor at the end of the line holding `text` and adds `insert` on a new line after it. */
export async function addLineAfter(page: Page, id: string, text: string, insert: string): Promise<void> {
  const line = codeCell(page, id).locator('.cm-line', { hasText: text }).first();
  await line.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(insert);
}

export async function runCell(page: Page, id: string, expected: 'done' | 'error' | 'stopped' = 'done'): Promise<void> {
  await codeCell(page, id).locator('[data-action="run"]').click();
  await expect(codeCell(page, id)).toHaveAttribute('data-state', expected, { timeout: 45_000 });
}
