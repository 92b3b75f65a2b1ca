import { expect, test, type Page } from './test';
import { fillForm, openTraining } from './lesson-4-page';

/**
 * The README's hosting notes: tfjs-vis (Vega) needs 'unsafe-eval' and inline styles, and only on the
 * pages that draw its charts. Each page is served here under the policy the README gives it.
 */
const BASE = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; img-src 'self' data: blob:; connect-src 'self'; style-src 'self' 'unsafe-inline'";
const WITH_EVAL = BASE.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'");

async function servePagesWith(page: Page, path: RegExp, policy: string): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.route(path, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  return violations;
}

test('lesson 4 draws its tfjs-vis curves under a policy that allows unsafe-eval there', async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await servePagesWith(page, /\/lessons\/training\/$/, WITH_EVAL);
  await openTraining(page);
  await fillForm(page, { maxSteps: '20', batchSize: '32', backend: 'wasm' });
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 60_000 });
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('training-curves')).not.toHaveAttribute('data-chart-error', /./);
  expect(violations).toEqual([]);
});

test('lesson 1 runs under the same policy without unsafe-eval', async ({ page }) => {
  const violations = await servePagesWith(page, /\/lessons\/meet-the-data\/$/, BASE);
  await page.goto('/lessons/meet-the-data/');
  await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
  await page.locator('[data-cell="grid"] .cell-run').click();
  await expect(page.getByTestId('digit-grid').locator('canvas')).toHaveCount(100, { timeout: 60_000 });
  expect(violations).toEqual([]);
});
