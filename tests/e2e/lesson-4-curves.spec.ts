import { expect, test, type Locator } from './test';
import { fillForm, openTraining } from './lesson-4-page';

/** Pixels of a chart's canvas that are neither background nor grey axis: the drawn series. */
async function colouredPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
    }
    return coloured;
  });
}

test.describe('Lesson 4: live tfjs-vis curves', () => {
  test('a short run draws loss and accuracy with tfjs-vis, side by side at 1280 px, with the readouts', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await openTraining(page);
    await fillForm(page, { maxSteps: '40', batchSize: '64', backend: 'wasm' });
    // tfjs-vis is loaded and the empty charts drawn while the student fills the form, before Start.
    await expect(page.getByTestId('training-curves')).toHaveAttribute('data-charts-ready', 'true', { timeout: 60_000 });
    await expect(page.getByTestId('curve-loss').locator('canvas')).toBeVisible();
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 60_000 });
    await page.getByTestId('training-panel').screenshot({ path: testInfo.outputPath('lesson-4-mid-run-1280.png') });
    await expect(page.locator('[data-fact="memory"]')).toContainText(/\d+ tensors, /);
    await expect(page.locator('[data-fact="left"]')).not.toHaveText('–');
    await expect(page.getByTestId('training-panel')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    // At the end the speed shown is the whole run's (the bench compares runs by it), not the last reports'.
    const runSpeed = Number(await page.getByTestId('training-panel').getAttribute('data-images-per-second'));
    expect(runSpeed).toBeGreaterThan(0);
    expect(Number((await page.locator('[data-fact="speed"]').textContent())!.replace(/[^\d]/g, ''))).toBe(runSpeed);
    for (const metric of ['loss', 'accuracy']) {
      const chart = page.getByTestId(`curve-${metric}`);
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(90); // of 101: the first per cent or so comes before the first report
      await expect(chart).toHaveAttribute('data-validation-points', /^[1-9]$/);
      await expect(chart.locator('.curve-drawing')).toHaveAttribute('aria-label', /from .* to .* \(smoothed\)/);
      expect(await colouredPixels(chart)).toBeGreaterThan(200);
      // Built once by tfjs-vis (before Start, empty), then every redraw streamed into the same view: no rebuilds.
      const drawing = chart.locator('.curve-drawing');
      await expect(drawing).toHaveAttribute('data-embeds', '1');
      expect(Number(await drawing.getAttribute('data-updates'))).toBeGreaterThan(1);
    }
    const [loss, accuracy] = await Promise.all(['loss', 'accuracy'].map((m) => page.getByTestId(`curve-${m}`).boundingBox()));
    expect(Math.abs(loss!.y - accuracy!.y)).toBeLessThan(5); // one row
    expect(accuracy!.x).toBeGreaterThan(loss!.x + loss!.width - 5);
    await expect(page.getByTestId('training-curves')).not.toHaveAttribute('data-chart-error', /./);
    await page.getByTestId('training-panel').screenshot({ path: testInfo.outputPath('lesson-4-done-1280.png') });
  });
});
