import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { drawWithMouse, inkedPixels, oneOfEachDigit, openDrawPage, prediction, settledReading } from './draw-page';
import { SUBPATH_URL } from './urls';

test.describe('lesson 7: the drawing pad', () => {
  test.beforeEach(({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('reads real pen digits of a writer it never trained on, one finished prediction at a time', async ({ page }) => {
    await openDrawPage(page);
    await expect(page.getByText('Reading with: Shipped model')).toBeVisible();
    let lastSeq = 0;
    const read: string[] = [];
    for (const sample of oneOfEachDigit(23)) {
      await page.getByTestId('clear').click();
      await drawWithMouse(page, sample.strokes);
      const { digit, seq } = await settledReading(page);
      expect(seq).toBeGreaterThan(lastSeq);
      lastSeq = seq;
      read.push(digit);
    }
    expect(read).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // What the model sees is drawn, live.
    const seesInk = await page.locator('[data-model-input]').evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return data.filter((value, i) => i % 4 === 0 && value > 0).length;
    });
    expect(seesInk).toBeGreaterThan(20);
  });

  test("the lesson quotes the shipped models' held-out pen figures from their training records", async ({ page }) => {
    await page.goto('/lessons/draw-and-predict/');
    const pen = async (id: string) => {
      const record = (await (await page.request.get(`/models/${id}/training-record.json`)).json()) as Record<string, { heldOutPen: { accuracy: number } }>;
      return `${((record.mnistPlusPen ?? record.mnistOnly)!.heldOutPen.accuracy * 100).toFixed(2)}%`;
    };
    const text = page.getByText(/other people.s digits it reads/);
    await expect(text).toContainText(`it reads ${await pen('default')}; the same network trained on MNIST alone reads ${await pen('mnist-only')}`);
  });

  test('an empty pad says "Draw a digit"; clear and Escape empty it', async ({ page }) => {
    await openDrawPage(page);
    await expect(prediction(page)).toHaveAttribute('data-digit', '');
    await expect(prediction(page)).toContainText('Draw a digit');
    const [seven] = oneOfEachDigit(25).slice(7);
    await drawWithMouse(page, seven!.strokes);
    expect((await settledReading(page)).digit).toBe('7');
    await page.getByTestId('clear').click();
    await expect(prediction(page)).toHaveAttribute('data-digit', '');
    await expect(prediction(page)).toContainText('Draw a digit');
    expect(await inkedPixels(page)).toBe(0);

    await drawWithMouse(page, seven!.strokes);
    await settledReading(page);
    await page.keyboard.press('Escape');
    await expect(prediction(page)).toHaveAttribute('data-digit', '');
    expect(await inkedPixels(page)).toBe(0);
  });

  test('undo takes back one stroke at a time, by button and by Ctrl+Z', async ({ page }) => {
    await openDrawPage(page);
    // A 4 written in two strokes, then a stray stroke across it.
    const four = oneOfEachDigit(21)[4]!;
    expect(four.strokes.length).toBeGreaterThan(1);
    await drawWithMouse(page, four.strokes);
    const drawn = await settledReading(page);
    expect(drawn.digit).toBe('4');
    const inkOfFour = await inkedPixels(page);
    await drawWithMouse(page, [[{ x: 50, y: 450 }, { x: 450, y: 450 }]]);
    await settledReading(page);
    expect(await inkedPixels(page)).toBeGreaterThan(inkOfFour);

    await page.getByTestId('undo').click();
    const undone = await settledReading(page);
    expect(undone.digit).toBe('4');
    expect(undone.seq).toBeGreaterThan(drawn.seq);
    expect(await inkedPixels(page)).toBe(inkOfFour);

    for (let i = 0; i < four.strokes.length - 1; i++) await page.keyboard.press('Control+z');
    await settledReading(page);
    expect(await inkedPixels(page)).toBeLessThan(inkOfFour);
    await page.keyboard.press('Control+z');
    await expect(prediction(page)).toHaveAttribute('data-digit', '');
    expect(await inkedPixels(page)).toBe(0);
  });

  test('a dot and a straight line are read without an error', async ({ page }) => {
    await openDrawPage(page);
    await drawWithMouse(page, [[{ x: 250, y: 250 }]]);
    const dot = await settledReading(page);
    expect(dot.digit).toMatch(/^\d$/);
    await page.getByTestId('clear').click();
    await drawWithMouse(page, [[{ x: 250, y: 100 }, { x: 250, y: 400 }]]);
    expect((await settledReading(page)).digit).toBe('1');
    await expect(page.locator('[data-model-status]')).toHaveText(/Reading with/);
  });

  test('the model named in ?model= is used, and an unknown one falls back to the shipped model with a sentence', async ({ page }) => {
    await openDrawPage(page, '/', '?model=default');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    await openDrawPage(page, '/', '?model=no-such-model');
    await expect(prediction(page)).toHaveAttribute('data-model', 'default');
    await expect(page.locator('[data-model-status]')).toContainText('There is no model "no-such-model"');
  });

  test('without WebAssembly the pad still reads, on TF.js\'s plain CPU backend', async ({ page }) => {
    await page.addInitScript(() => {
      // A browser with WebAssembly turned off (some locked-down school machines).
      delete (window as unknown as { WebAssembly?: unknown }).WebAssembly;
    });
    await openDrawPage(page);
    await expect(page.locator('[data-model-status]')).toHaveText(/Reading with: Shipped model/, { timeout: 60_000 });
    const sample = oneOfEachDigit(23)[4]!;
    await drawWithMouse(page, sample.strokes);
    expect((await settledReading(page)).digit).toBe('4');
  });

  test('no tensor leak: as many tensors after 200 predictions as after 10', async ({ page }) => {
    await openDrawPage(page);
    const scribble = Array.from({ length: 60 }, (_, i) => ({ x: 100 + ((i * 37) % 300), y: 100 + ((i * 53) % 300) }));
    const tensorsAfter = async (predictions: number): Promise<string> => {
      while (Number(await prediction(page).getAttribute('data-seq')) < predictions) {
        await drawWithMouse(page, [scribble]);
      }
      await settledReading(page);
      return (await prediction(page).getAttribute('data-tensors'))!;
    };
    const afterTen = await tensorsAfter(10);
    expect(Number(afterTen)).toBeGreaterThan(0);
    expect(await tensorsAfter(210)).toBe(afterTen);
  });

  test('has no accessibility violations, empty and with a prediction and the upload shown', async ({ page }) => {
    await openDrawPage(page);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await drawWithMouse(page, oneOfEachDigit(22)[3]!.strokes);
    await settledReading(page);
    await page.getByText('Use your own Keras model').click();
    await expect(page.getByTestId('model-upload')).toBeVisible();
    expect((await new AxeBuilder({ page }).include('[data-draw-pad]').analyze()).violations).toEqual([]);
  });

  test('the pad is painted at its size on screen, and a drawing survives the page being resized', async ({ page }) => {
    await openDrawPage(page);
    const canvas = page.getByTestId('draw-canvas');
    const sizes = () => canvas.evaluate((element) => ({ pixels: (element as HTMLCanvasElement).width, css: element.getBoundingClientRect().width * devicePixelRatio }));
    await expect.poll(async () => { const { pixels, css } = await sizes(); return Math.abs(pixels - css); }).toBeLessThan(1);
    await drawWithMouse(page, oneOfEachDigit(23)[8]!.strokes);
    const before = await inkedPixels(page);
    expect(before).toBeGreaterThan(100);
    const { pixels: wide } = await sizes();
    await page.setViewportSize({ width: 700, height: 900 });
    await expect.poll(async () => { const { pixels, css } = await sizes(); return pixels !== wide && Math.abs(pixels - css) < 1; }).toBe(true);
    // Repainted from the kept strokes at the new size: the ink scales with the canvas's area.
    const { pixels: narrow } = await sizes();
    const expected = before * (narrow / wide) ** 2;
    expect(await inkedPixels(page)).toBeGreaterThan(expected * 0.7);
    expect(await inkedPixels(page)).toBeLessThan(expected * 1.3);
  });

  test('the canvas can be focused, has a name and a visible focus ring', async ({ page }) => {
    await openDrawPage(page);
    const canvas = page.getByTestId('draw-canvas');
    await expect(canvas).toHaveAccessibleName(/Drawing pad/);
    await canvas.focus();
    const outline = await canvas.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
  });

  test('the lesson cell shows the steps toMnistInput took for the drawing on the pad, and asks for one when it is empty', async ({ page }) => {
    await openDrawPage(page);
    await expect(page.locator('[data-lesson][data-notebook-ready="true"]')).toBeVisible();
    const cell = page.locator('[data-cell="see"]');
    await cell.locator('.cell-run').click();
    await expect(cell).toHaveAttribute('data-state', 'error');
    await expect(cell).toContainText('Draw a digit on the pad above first');
    await drawWithMouse(page, oneOfEachDigit(29)[9]!.strokes);
    await settledReading(page);
    await cell.locator('.cell-run').click();
    await expect(cell).toHaveAttribute('data-state', 'done');
    const steps = page.getByTestId('see-steps');
    await expect(steps).toContainText('(longer side 20)');
    await expect(steps).toContainText('(target 14, 14)');
    await expect(cell.getByRole('img', { name: /28 × 28 input/ })).toBeVisible();
  });

  test('works when the course is hosted under a sub-path', async ({ page }) => {
    await openDrawPage(page, SUBPATH_URL);
    await drawWithMouse(page, oneOfEachDigit(27)[2]!.strokes);
    expect((await settledReading(page)).digit).toBe('2');
  });
});
