/**
 * `npm run bench -- --only lesson-5-6`: the longest main-thread task of each step of lessons 5
 * and 6, measured in the lesson pages with the shipped default model (PerformanceObserver
 * 'longtask', as lesson 4's bench). Target (issue 15): nothing over 50 ms on the main thread.
 * Each step is one thing a student does: run a cell, change the digit followed, compare models.
 * Loading MNIST (lesson 1's own cell) is done first and not counted.
 */
import type { Browser, Page } from '@playwright/test';

export interface StepFigure {
  lesson: 5 | 6;
  step: string;
  longestTaskMs: number;
  longTasksOver50ms: number;
}

async function runCell(page: Page, id: string): Promise<void> {
  const cell = page.locator(`[data-cell="${id}"]`);
  await cell.locator('.cell-run').click();
  await cell.and(page.locator('[data-state="done"]')).waitFor({ timeout: 600_000 });
}

/** Runs `action`, then reads the long tasks since it began (after the page has been quiet for a moment: a task still running when the state changes counts too). */
async function measured(page: Page, lesson: 5 | 6, step: string, action: () => Promise<void>): Promise<StepFigure> {
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks.length = 0));
  await action();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  const tasks = await page.evaluate(() => [...(window as unknown as { longTasks: number[] }).longTasks]);
  return {
    lesson,
    step,
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longTasksOver50ms: tasks.filter((ms) => ms > 50).length,
  };
}

async function openLesson(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const longTasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = longTasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.locator('[data-lesson][data-notebook-ready="true"]').waitFor();
  await runCell(page, 'load');
  return { page, close: () => context.close() };
}

export async function measureLessonsFiveSix(browser: Browser, root: string): Promise<StepFigure[]> {
  const figures: StepFigure[] = [];
  const five = await openLesson(browser, `${root}lessons/how-good-is-it/`);
  try {
    for (const cell of ['evaluate', 'confusion', 'per-class', 'mistakes', 'calibration', 'handwriting', 'compare']) {
      figures.push(await measured(five.page, 5, `${cell} cell`, () => runCell(five.page, cell)));
    }
    const { page } = five;
    figures.push(
      await measured(page, 5, 'compare with another model (My models)', async () => {
        await page.locator('[data-testid="my-model"][data-model-id="default"] button[data-action="compare"]').click();
        await page.locator('[data-testid="compare-table"][data-models=\'["default","default"]\']').waitFor({ timeout: 600_000 });
      }),
    );
    figures.push(
      await measured(page, 5, 'evaluate another model (every view redraws)', async () => {
        await page.locator('[data-testid="my-model"][data-model-id="mnist-only"] button[data-action="evaluate"]').click();
        await page.locator('[data-testid="confusion-matrix"][data-model="mnist-only"]').waitFor({ timeout: 600_000 });
      }),
    );
  } finally {
    await five.close();
  }
  const six = await openLesson(browser, `${root}lessons/inside-the-network/`);
  try {
    const { page } = six;
    for (const cell of ['model', 'filters', 'digit', 'feature-maps', 'saliency', 'excite']) {
      figures.push(await measured(page, 6, `${cell} cell`, () => runCell(page, cell)));
    }
    figures.push(
      await measured(page, 6, 'another digit (feature maps and saliency redraw)', async () => {
        await page.getByTestId('digit-index').fill('7');
        await page.getByTestId('digit-index').dispatchEvent('change');
        await page.locator('[data-testid="output-feature-maps"][data-digit="test image 7"]').waitFor({ timeout: 120_000 });
      }),
    );
  } finally {
    await six.close();
  }
  return figures;
}

export function printLessonsFiveSix(figures: StepFigure[]): void {
  console.log('\nLessons 5 and 6: longest main-thread task per step (shipped default model, target under 50 ms)\n');
  console.log('| lesson | step | longest task | tasks over 50 ms |');
  console.log('|---|---|---|---|');
  for (const f of figures) console.log(`| ${f.lesson} | ${f.step} | ${f.longestTaskMs} ms | ${f.longTasksOver50ms} |`);
}
