/**
 * The authoring catalogue (/authoring/): every building block with its MDX snippet and the block
 * itself working on the page, a Copy button, the page's policy allowing Vega, axe-clean, under a
 * sub-path too, and not part of the course (the home page and the lessons do not link it).
 */
import AxeBuilder from '@axe-core/playwright';
import { CATALOGUE, snippetOf, type BlockElement } from '../../src/lib/site/block-catalogue';
import { countInkedCanvases, runCell } from './lesson-page';
import { drawWithMouse, oneOfEachDigit, prediction, settledReading } from './draw-page';
import { confusionCounts, runLessonCell, total } from './lesson-5-page';
import { SUBPATH_URL } from './urls';
import { expect, test, type Page } from './test';

async function openCatalogue(page: Page, root = '/'): Promise<void> {
  await page.goto(`${root}authoring/`);
  await expect(page.locator('[data-lesson="authoring"][data-notebook-ready="true"]')).toBeVisible();
}

/** Where the live block of one snippet tag is on the page. */
function liveSelector(element: BlockElement): string {
  switch (element.component) {
    case 'Cell':
      return `[data-cell="${element.props.id}"]`;
    case 'Quiz':
      return `[data-testid="quiz-${element.props.id}"]`;
    case 'DrawPad':
      return '[data-draw-pad]';
    case 'CodeNotebook':
      return '[data-code-notebook]';
    case 'CodeCell':
      return `[data-testid="code-cell-${element.props.id}"]`;
  }
}

test('every block is there with its snippet, exactly, next to the block itself; the page is axe-clean', async ({ page }) => {
  await openCatalogue(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Building blocks for a lesson');
  for (const block of CATALOGUE) {
    const section = page.getByTestId(`block-${block.id}`);
    await expect(section.locator(`h2#block-${block.id}-title`)).toHaveText(block.name);
    expect(await section.getByTestId(`snippet-${block.id}`).textContent()).toBe(snippetOf(block));
    const tags = block.elements.flatMap((element) => [element, ...(element.children ?? [])]);
    for (const element of tags) await expect(section.locator(liveSelector(element)), `${block.id}: live ${element.component}`).toHaveCount(1);
  }
  // The training panel and the confusion matrix draw tfjs-vis (Vega) charts: the page's policy allows its eval.
  expect(await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')).toContain("'unsafe-eval'");
  // Not a lesson: no "Lesson n of m", no lessons' navigation.
  await expect(page.locator('nav[aria-label="Lessons"]')).toHaveCount(0);
  await expect(page.getByText(/Lesson \d+ of \d+/)).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('Copy puts the snippet on the clipboard, from the keyboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openCatalogue(page);
  const quiz = CATALOGUE.find((block) => block.id === 'quiz')!;
  const section = page.getByTestId('block-quiz');
  await section.getByRole('button', { name: 'Copy' }).focus();
  await page.keyboard.press('Enter');
  await expect(section.getByRole('status').first()).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippetOf(quiz));
});

test('where the clipboard is refused, Copy selects the snippet and says to press Ctrl+C', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) } });
  });
  await openCatalogue(page);
  const section = page.getByTestId('block-draw-pad');
  await section.getByRole('button', { name: 'Copy' }).click();
  await expect(section.getByRole('status').first()).toHaveText(/^Selected: press Ctrl\+C/);
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(snippetOf(CATALOGUE.find((block) => block.id === 'draw-pad')!));
});

test('the live blocks work: the Cell runs its runner (and the one it needs), the chart draws, the quizzes answer, the pad reads a drawing', async ({ page }) => {
  await openCatalogue(page);
  await runCell(page, 'grid'); // runs "load" first by itself
  expect(await countInkedCanvases(page, '[data-testid="digit-grid"] canvas')).toBe(100);
  await expect(page.locator('[data-cell="load"]')).toHaveAttribute('data-state', 'done');
  await runCell(page, 'labels');
  await expect(page.getByTestId('output-labels').locator('svg').first()).toBeVisible();

  const number = page.getByTestId('quiz-pixels');
  await number.getByRole('textbox').fill('784');
  await number.getByRole('textbox').press('Enter');
  await expect(page.getByTestId('quiz-feedback-pixels')).toHaveAttribute('data-state', 'right');
  const choice = page.getByTestId('quiz-overfitting');
  await choice.getByRole('radio', { name: 'The test images are harder to read' }).check();
  await choice.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('quiz-feedback-overfitting')).toHaveAttribute('data-state', 'wrong');
  await expect(page.getByTestId('quiz-feedback-overfitting')).toContainText('it overfits');

  await expect(prediction(page)).toHaveAttribute('data-ready', 'true');
  await drawWithMouse(page, oneOfEachDigit(25)[7]!.strokes);
  const { digit } = await settledReading(page);
  expect(digit).toMatch(/^\d$/);
});

test('the model builder and the training panel open live', async ({ page }) => {
  await openCatalogue(page);
  await runCell(page, 'builder');
  await expect(page.getByTestId('output-builder').locator('form, fieldset').first()).toBeVisible();
  await runCell(page, 'train');
  await expect(page.getByTestId('output-train').locator('[data-action="start"]')).toBeVisible();
});

test('the confusion matrix draws live (tfjs-vis under the page\'s policy) from the shipped model scored on the test set', async ({ page }) => {
  await openCatalogue(page);
  await runLessonCell(page, 'confusion'); // runs "load" and "evaluate" first
  expect(total(await confusionCounts(page, 'default'))).toBe(10_000);
  await expect(page.locator('[data-testid="confusion-matrix"] .vis-chart canvas, [data-testid="confusion-matrix"] .vis-chart svg').first()).toBeVisible();
});

test('the course does not list it: not on the home page, not in a lesson\'s navigation', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('lesson-list').locator('li')).toHaveCount(8);
  await expect(page.locator('a[href*="authoring"]')).toHaveCount(0);
  await page.goto('/lessons/make-it-yours/');
  await expect(page.locator('a[href*="authoring"]')).toHaveCount(0);
});

test('under a sub-path, in the second course: its links and the live Cell work', async ({ page }) => {
  await openCatalogue(page, SUBPATH_URL);
  await expect(page.getByTestId('course-title')).toHaveText('Handwriting with Ms Rivera');
  await expect(page.getByRole('link', { name: 'The course' })).toHaveAttribute('href', '/course/');
  await runCell(page, 'load');
});
