import { expect, type Page } from '@playwright/test';

/** Opens lesson 1 and waits until its notebook is wired up. */
export async function openLessonOne(page: Page, root = '/'): Promise<void> {
  await page.goto(`${root}lessons/meet-the-data/`);
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
}

/** Presses a cell's Run button and waits until that cell says it is done. */
export async function runCell(page: Page, id: string): Promise<void> {
  const cell = page.locator(`[data-cell="${id}"]`);
  await cell.locator('.cell-run').click();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

/** How many of the canvases inside `selector` have at least one non-black pixel. */
export async function countInkedCanvases(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluateAll((canvases) =>
    canvases.filter((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! > 0) return true;
      return false;
    }).length,
  );
}
