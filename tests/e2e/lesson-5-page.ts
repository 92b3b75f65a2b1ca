/** Lesson 5 helpers shared by the desktop and phone specs. */
import { expect, type Page } from '@playwright/test';

export async function openLessonFive(page: Page, query = ''): Promise<void> {
  await page.goto(`/lessons/how-good-is-it/${query}`);
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
}

/** Runs a cell (and what it needs) and waits until it is done; scoring 10,000 images can take a while on a busy machine. */
export async function runLessonCell(page: Page, id: string): Promise<void> {
  const cell = page.locator(`[data-cell="${id}"]`);
  await cell.locator('.cell-run').click();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
}

/**
 * Chooses model `id` in the page's My models list with the row's `action` button ("evaluate",
 * "compare" in lesson 5, "inspect" in lesson 6), as a student clicks it.
 */
export async function chooseModel(page: Page, action: 'evaluate' | 'compare' | 'inspect', id: string): Promise<void> {
  const button = page.locator(`[data-testid="my-model"][data-model-id="${id}"] button[data-action="${action}"]`);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** The confusion counts the page publishes, once they are for `model`. */
export async function confusionCounts(page: Page, model: string): Promise<number[][]> {
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-model', model, { timeout: 180_000 });
  return JSON.parse((await matrix.getAttribute('data-counts')) ?? '[]') as number[][];
}

export const diagonal = (counts: number[][]): number => counts.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
export const total = (counts: number[][]): number => counts.flat().reduce((a, b) => a + b, 0);

/** The three largest off-diagonal cells, as "a→p ×n". */
export function largestConfusions(counts: number[][], n = 3): string[] {
  return counts
    .flatMap((row, actual) => row.map((count, predicted) => ({ actual, predicted, count })))
    .filter((cell) => cell.actual !== cell.predicted)
    .sort((a, b) => b.count - a.count)
    .slice(0, n)
    .map((cell) => `${cell.actual}→${cell.predicted} ×${cell.count}`);
}

/** No element makes the page wider than the window. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  // The layout viewport (clientWidth), not innerWidth: on a phone (isMobile) innerWidth grows with content that is too wide.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
