/**
 * The handwriting floor: 50 pen samples of writers the shipped model never saw (21–30), five
 * of each digit, the same on every run, drawn on the built drawing page with the mouse by the
 * same replay code as `npm run eval:handwriting`. A regression in drawing, preprocessing or
 * the model reads fewer of them. The latency is printed, not asserted: tests do not time
 * things (the figures live in eval:handwriting and the bench).
 */
import { expect, test } from './test';
import { formatReport, handwritingReport } from '../../src/lib/eval/report';
import { selectSamples } from '../../src/lib/eval/sample-selection';
import { isHeldOutWriter } from '../../src/lib/pendigits/dataset';
import { drawingPagePath, openDrawingPage, readSamples } from '../../scripts/lib/handwriting-replay';
import { loadPenDigits } from '../../scripts/lib/pen-dataset';
import { ROOT_URL } from './urls';

const SAMPLES = 50;
/** The default model reads about 98.8% of these writers in Node; 46 of 50 leaves room for a few hard samples. */
const FLOOR = 46;

test('the default model reads at least 46 of 50 held-out pen samples drawn on the pad', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const samples = selectSamples(loadPenDigits(), { writers: isHeldOutWriter, limit: SAMPLES });
  const model = await openDrawingPage(page, new URL(drawingPagePath(), ROOT_URL).href, { model: 'default' });
  expect(model).toBe('default');

  const report = handwritingReport(await readSamples(page, samples));
  const summary = formatReport(report);
  console.log(`handwriting floor, ${SAMPLES} samples of writers 21–30, default model:\n  ${summary.join('\n  ')}`);
  testInfo.annotations.push({ type: 'pointer-up → prediction', description: summary.at(-1) ?? '' });

  expect(report.samples).toBe(SAMPLES);
  expect(report.latency?.count, 'every sample should have a measured pointer-up → prediction time').toBe(SAMPLES);
  expect(report.correct, summary.join('\n')).toBeGreaterThanOrEqual(FLOOR);
});
