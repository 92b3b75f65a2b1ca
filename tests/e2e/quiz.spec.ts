import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';

test('a number question answers at once, with its explanation, from the keyboard alone', async ({ page }) => {
  await page.goto('/lessons/meet-the-data/');
  const quiz = page.getByTestId('quiz-pixels');
  const feedback = page.getByTestId('quiz-feedback-pixels');
  await expect(feedback).toHaveAttribute('role', 'status');
  const box = quiz.getByRole('textbox', { name: /How many numbers does the network get/ });
  await box.focus();
  await page.keyboard.press('Enter');
  await expect(feedback).toHaveAttribute('data-state', 'empty');
  await box.fill('lots');
  await page.keyboard.press('Enter');
  await expect(feedback).toHaveAttribute('data-state', 'invalid');
  await box.fill('780');
  await page.keyboard.press('Enter');
  await expect(feedback).toHaveAttribute('data-state', 'wrong');
  await expect(feedback).toContainText('28 × 28 = 784');
  await box.fill('784');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // the Check button
  await expect(feedback).toHaveAttribute('data-state', 'right');
  await expect(feedback).toHaveText(/^Right\. /);
  expect((await new AxeBuilder({ page }).include('[data-testid="quiz-pixels"]').analyze()).violations).toEqual([]);
});

test('a multiple-choice question is a group of radio buttons with the question as its name', async ({ page }) => {
  await page.goto('/lessons/how-good-is-it/');
  const quiz = page.getByTestId('quiz-overfitting');
  const group = quiz.getByRole('group', { name: /99\.9% of its training images/ });
  await group.getByRole('radio', { name: 'The test images are harder to read' }).check();
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('quiz-feedback-overfitting')).toHaveAttribute('data-state', 'wrong');
  await group.getByRole('radio', { name: /it overfits/ }).focus();
  await page.keyboard.press('Space');
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('quiz-feedback-overfitting')).toHaveAttribute('data-state', 'right');
  expect((await new AxeBuilder({ page }).include('[data-testid="quiz-overfitting"]').analyze()).violations).toEqual([]);
});
