import { chromium } from '@playwright/test';
const [,, lesson, cells, width] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, deviceScaleFactor: 1 });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`http://127.0.0.1:4430/lessons/${lesson}/`);
for (const id of cells.split(',')) {
  await page.locator(`[data-cell="${id}"] .cell-run`).click();
  await page.waitForFunction((id) => ['done','error'].includes(document.querySelector(`[data-cell="${id}"]`).dataset.state), id, { timeout: 200000 });
  await page.waitForTimeout(1500);
  await page.locator(`[data-cell="${id}"] .cell-output`).screenshot({ path: `/tmp/wt15-${lesson}-${id}-${width}.png` });
  console.log(id, await page.locator(`[data-cell="${id}"]`).getAttribute('data-state'));
}
console.log('overflow', await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth));
await browser.close();
