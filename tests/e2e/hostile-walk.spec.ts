/**
 * The hostile student (issue 13): every lesson reachable from the home page, every cell run,
 * and hostile values thrown into every input found (numbers, text, markup, huge values,
 * files), then a seeded handful of the page's buttons pressed. It fails on an uncaught error,
 * a dialog, a request to another host, or a page that stops answering.
 *
 * Deterministic: the values, the order and the buttons come from one fixed seed. Bounded:
 * at most MAX_PAGES pages, MAX_INPUTS inputs and MAX_BUTTONS buttons a page, each wait capped,
 * so the walk's length does not grow with the lessons' length. Buttons that start training
 * are left alone (that is lesson 4's own test, and minutes of work); so are links, which the walk
 * follows itself.
 */
import { expect, test, type Locator, type Page } from './test';
import { mulberry32, type Rng } from '../../src/lib/data/random';

const SEED = 13;
const MAX_PAGES = 12;
const MAX_INPUTS = 30;
const MAX_BUTTONS = 12;
/** A cap on each wait, not an expected duration: a cell that is still working is left to work. */
const CELL_WAIT_MS = 20_000;
/** A page that takes longer than this to run one line of script has stopped answering. */
const ANSWER_MS = 10_000;

const HOSTILE_TEXT = [
  '',
  ' ',
  '-1',
  '0',
  '1e309',
  '0x10',
  '1e1',
  'NaN',
  'Infinity',
  '-0',
  '0.0000001',
  '1_000',
  '٣',
  '9'.repeat(400),
  '<img src=x onerror="window.__hostile=1">',
  '"><script>window.__hostile=1</script>',
  "'; DROP TABLE models; --",
  '{"__proto__": {"polluted": true}}',
  '\u202eevil\u202c',
  '🙂🙂🙂',
  'constructor',
  '../../etc/passwd',
];

/** Files a student might choose by mistake or on purpose. */
function hostileFiles(rng: Rng): { name: string; mimeType: string; buffer: Buffer }[][] {
  const json = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });
  const manyShards = {
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { layers: [] } },
    weightsManifest: [{ paths: Array.from({ length: 50_000 }, (_, i) => `group1-shard${i + 1}of50000.bin`), weights: [] }],
  };
  const noise = Buffer.alloc(64 * 1024);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rng() * 256);
  return [
    [{ name: 'empty.json', mimeType: 'application/json', buffer: Buffer.alloc(0) }],
    [json('model.json', manyShards)],
    [json('model.json', { format: 'layers-model', modelTopology: { __proto__: { x: 1 }, node: 5 }, weightsManifest: 'no' })],
    [json(`${'x'.repeat(300)}.json`, { hello: 1 }), { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: noise }],
    [{ name: 'model.json', mimeType: 'application/json', buffer: noise }],
    [{ name: 'photo.png', mimeType: 'image/png', buffer: noise }],
  ];
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Same-origin lesson pages linked from `page`, in document order. */
async function lessonLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && /\/lessons\/[^/]+\/?$/.test(url.pathname))
    .map((url) => `${url.origin}${url.pathname}`);
}

async function answers(page: Page): Promise<boolean> {
  const reply = page.evaluate(() => document.readyState).then(() => true, () => false);
  const silence = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ANSWER_MS));
  return Promise.race([reply, silence]);
}

async function runCells(page: Page): Promise<void> {
  const cells = page.locator('[data-cell]');
  const count = await cells.count();
  for (let i = 0; i < count; i++) {
    const cell = cells.nth(i);
    const run = cell.locator('.cell-run');
    if (!(await run.isVisible()) || !(await run.isEnabled({ timeout: 1_000 }).catch(() => false))) continue;
    await run.click();
    await expect(cell).not.toHaveAttribute('data-state', 'running', { timeout: CELL_WAIT_MS }).catch(() => {
      // Still working (a download on a slow machine): leave it and go on.
    });
  }
}

/** One hostile value into one input, of whatever kind it is. */
async function assault(input: Locator, rng: Rng): Promise<void> {
  const { tag, type, editable } = await input.evaluate((element) => ({
    tag: element.tagName.toLowerCase(),
    type: (element as HTMLInputElement).type ?? '',
    editable: (element as HTMLElement).isContentEditable,
  }), undefined, { timeout: 1_000 });
  const bounded = { timeout: 3_000 };
  if (tag === 'select') {
    const values = await input.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    if (values.length > 0) await input.selectOption(pick(rng, values), bounded);
  } else if (type === 'file') {
    // A chooser that takes one file gets the first of the set, as a browser would allow.
    const files = pick(rng, hostileFiles(rng));
    const multiple = await input.evaluate((element) => (element as HTMLInputElement).multiple);
    await input.setInputFiles(multiple ? files : files.slice(0, 1), bounded);
  } else if (type === 'checkbox' || type === 'radio') {
    await input.click(bounded);
  } else if (type === 'range' || type === 'color' || type === 'date') {
    await input.focus(bounded);
    await input.press(pick(rng, ['ArrowLeft', 'ArrowRight', 'End', 'Home']), bounded);
  } else if (tag === 'textarea' || tag === 'input' || editable) {
    const value = pick(rng, HOSTILE_TEXT);
    if (type === 'number') {
      // A number box refuses text through fill(); type it as a student would.
      await input.fill('', bounded);
      await input.pressSequentially(value.slice(0, 40), bounded);
    } else if (editable) {
      await input.click(bounded);
      await input.pressSequentially(value.slice(0, 60), bounded);
    } else {
      await input.fill(value, bounded);
    }
    await input.blur(bounded).catch(() => {});
  }
}

test('the hostile walk: every lesson from the home page, hostile values in every input', async ({ page, baseURL }) => {
  test.setTimeout(5 * 60_000);
  const rng = mulberry32(SEED);
  const origin = new URL(baseURL!).origin;
  const problems: string[] = [];
  let where = 'the home page';
  page.on('pageerror', (error) => problems.push(`Uncaught error on ${where}: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`A ${dialog.type()} dialog on ${where}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  await page.context().route(
    (url) => url.origin !== origin && /^(https?|wss?):$/.test(url.protocol),
    (route) => {
      problems.push(`A request to another host on ${where}: ${route.request().url()}`);
      return route.abort();
    },
  );

  await page.goto('/');
  const toVisit = [...new Set(await lessonLinks(page, origin))];
  expect(toVisit.length, 'the home page links to the lessons').toBeGreaterThan(0);
  const visited = new Set<string>();
  while (toVisit.length > 0 && visited.size < MAX_PAGES) {
    const url = toVisit.shift()!;
    if (visited.has(url)) continue;
    visited.add(url);
    where = new URL(url).pathname;
    await page.goto(url);
    for (const link of await lessonLinks(page, origin)) if (!visited.has(link) && !toVisit.includes(link)) toVisit.push(link);

    // HOSTILE_LOG=1 prints where the walk is, for finding what made a page stop answering.
    const log = (what: string) => process.env.HOSTILE_LOG && console.log(`${new Date().toISOString().slice(11, 19)} ${where} ${what}`);
    log('cells');
    await runCells(page);
    log('inputs');
    const inputs = page.locator('main input:visible, main textarea:visible, main select:visible, main [contenteditable="true"]:visible, main input[type="file"]');
    const count = Math.min(await inputs.count(), MAX_INPUTS);
    const order = Array.from({ length: count }, (_, i) => i).sort(() => rng() - 0.5);
    for (const index of order) {
      const input = inputs.nth(index);
      // An earlier value may have re-rendered the form with fewer inputs: an index that is gone is skipped.
      if (!(await input.isEnabled({ timeout: 1_000 }).catch(() => false))) continue;
      await assault(input, rng).catch((error: Error) => {
        // An input that vanished or was disabled by an earlier value is not a failure; a dead page is, below.
        if (!/detached|not attached|disabled|not visible|Timeout|not an? (input|select)/i.test(error.message)) throw error;
      });
      if (!(await answers(page))) problems.push(`${where} stopped answering after a hostile value`);
    }

    log('buttons');
    const buttons = page.locator('main button:visible:enabled').filter({ hasNotText: /start|train|run all/i });
    const buttonCount = await buttons.count();
    for (let i = 0; i < Math.min(buttonCount, MAX_BUTTONS); i++) {
      const button = buttons.nth(Math.floor(rng() * buttonCount));
      const action = await button.getAttribute('data-action', { timeout: 1_000 }).catch(() => null);
      if (action === 'start' || (await button.getAttribute('type', { timeout: 1_000 }).catch(() => null)) === 'submit') continue;
      await button.click({ timeout: 3_000 }).catch(() => {});
      if (!(await answers(page))) problems.push(`${where} stopped answering after a button press`);
    }
    expect(await page.evaluate(() => (window as { __hostile?: number }).__hostile), `markup typed on ${where} ran as script`).toBeUndefined();
    if (!(await answers(page))) problems.push(`${where} stopped answering`);
  }
  expect(visited.size, 'lessons walked').toBeGreaterThanOrEqual(4);
  expect(problems).toEqual([]);
});
