import { expect, test, type Page } from './test';
import { fillForm, openTraining } from './lesson-4-page';
import { contentSecurityPolicy } from '../../src/lib/site/csp';
import { codeCell, openCodeLesson, runCell, setCellCode } from './code-cells-helpers';

/**
 * The policy docs/instructors.md gives hosts as a header, the same one each built page carries as a
 * <meta> tag (src/lib/site/csp.ts): tfjs-vis (Vega) needs 'unsafe-eval', and only on the pages that
 * draw its charts. Each page is served here under that header as well.
 */
const BASE = contentSecurityPolicy();
const WITH_EVAL = contentSecurityPolicy({ tfjsVis: true });

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

test('every built page carries its policy as a meta tag: unsafe-eval only where tfjs-vis draws', async ({ page, request }) => {
  await page.goto('/');
  const links = await page.getByTestId('lesson-list').locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const url of ['/', ...links]) {
    const html = await (await request.get(url)).text();
    const policy = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1]?.replaceAll('&#39;', "'");
    const tfjsVis = /\/lessons\/(training|how-good-is-it|inside-the-network)\/$/.test(url);
    expect(policy, url).toBe(tfjsVis ? WITH_EVAL : BASE);
  }
});

test("a code cell runs on a page whose policy has no 'unsafe-eval', where its own eval is refused", async ({ page, cspViolations }) => {
  await openCodeLesson(page, 'meet-the-data');
  await runCell(page, 'ink');
  await setCellCode(page, 'ink', "let verdict = 'eval allowed';\ntry { new Function('return 1'); } catch { verdict = 'eval refused'; }\nprint(verdict);");
  await runCell(page, 'ink');
  await expect(codeCell(page, 'ink')).toContainText('eval refused');
  // That refusal is reported like any other; it was on purpose, so it is taken off the list.
  await expect.poll(() => cspViolations.map((v) => v.directive)).toEqual(['script-src']);
  cspViolations.splice(0);
});
