import { describe, expect, it } from 'vitest';
import { RedrawThrottle, TrainingCurves, chartSeries, smooth, thin } from '../../../src/lib/train/curves';
import type { BatchReport } from '../../../src/lib/train/trainer';

const report = (step: number, loss: number, accuracy = 0.5): BatchReport => ({
  step,
  totalSteps: 1000,
  epoch: 1,
  loss,
  accuracy,
  learningRate: 0.01,
  imagesPerSecond: 900,
});

describe('smooth', () => {
  it('starts at the first value (no pull towards zero) and then follows with a lag', () => {
    const smoothed = smooth([2, 0, 0, 0], 0.5);
    expect(smoothed[0]).toBeCloseTo(2);
    // (0.5·(0.5·2)) / (1 − 0.25) … each step halves the old average's share
    expect(smoothed[1]).toBeCloseTo(0.5 / 0.75);
    expect(smoothed[3]! < smoothed[2]! && smoothed[2]! < smoothed[1]!).toBe(true);
  });

  it('with weight 0 is the series itself, and refuses a weight of 1 or more', () => {
    expect(smooth([1, 5, 2], 0)).toEqual([1, 5, 2]);
    expect(() => smooth([1], 1)).toThrow(RangeError);
  });

  it('leaves a constant series as it is', () => {
    expect(smooth([3, 3, 3])).toEqual([3, 3, 3].map((v) => expect.closeTo(v, 10)));
  });
});

describe('thin', () => {
  it('keeps at most the asked number of points, the first and the last among them', () => {
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const thinned = thin(points, 300);
    expect(thinned).toHaveLength(300);
    expect(thinned[0]).toBe(0);
    expect(thinned.at(-1)).toBe(1000);
    expect(thinned.every((v, i) => i === 0 || v > thinned[i - 1]!)).toBe(true);
    expect(thin([1, 2, 3], 300)).toEqual([1, 2, 3]);
  });
});

describe('TrainingCurves', () => {
  it('collects reports and validations, skipping runs without validation images', () => {
    const curves = new TrainingCurves();
    for (let i = 1; i <= 500; i++) curves.addBatch(report(i * 10, 2 / i, i / 500));
    curves.addValidation({ step: 100, epoch: 1, validationLoss: 0.4, validationAccuracy: 0.9 });
    curves.addValidation({ step: 200, epoch: 1, validationLoss: null, validationAccuracy: null });
    const points = curves.trainingPoints(100);
    expect(points).toHaveLength(100);
    expect(points.at(-1)).toMatchObject({ step: 5000, loss: 2 / 500, accuracy: 1 });
    expect(points.at(-1)!.smoothLoss).toBeGreaterThan(points.at(-1)!.loss); // a falling loss: the average lags above
    expect(curves.validationPoints()).toEqual([{ step: 100, loss: 0.4, accuracy: 0.9 }]);
    expect(curves.latest?.step).toBe(5000);
    expect(curves.trainingPoints(100, 0).at(-1)!.smoothLoss).toBe(2 / 500);
    expect(curves.reportCount).toBe(500);
  });
});

describe('recentImagesPerSecond', () => {
  it('is the median of the latest reports, so one slow report (a validation pass) does not show', () => {
    const curves = new TrainingCurves();
    expect(curves.recentImagesPerSecond()).toBeUndefined();
    for (const speed of [100, 900, 950, 40, 1000]) curves.addBatch({ ...report(1, 1), imagesPerSecond: speed });
    expect(curves.recentImagesPerSecond()).toBe(900);
    expect(curves.recentImagesPerSecond(4)).toBe(925);
  });
});

describe('RedrawThrottle', () => {
  it('draws at most once per interval, and reports a pending draw at the end', () => {
    const throttle = new RedrawThrottle(250);
    const draws = [0, 50, 100, 260, 300, 520].map((t) => throttle.shouldDraw(t));
    expect(draws).toEqual([true, false, false, true, false, true]);
    expect(throttle.takePending()).toBe(false);
    throttle.shouldDraw(600);
    expect(throttle.takePending()).toBe(true);
    expect(throttle.takePending()).toBe(false);
  });

  it('keeps a report that was not drawn (a hidden tab) pending until the next draw', () => {
    const throttle = new RedrawThrottle(250);
    throttle.shouldDraw(0);
    throttle.markPending();
    expect(throttle.takePending()).toBe(true);
    throttle.markPending();
    expect(throttle.shouldDraw(1000)).toBe(true);
    expect(throttle.takePending()).toBe(false);
  });
});

describe('chartSeries (the tfjs-vis grid: one point per per cent of the run)', () => {
  it('puts the reports on the grid, leaves the part of the run not yet reached empty, and joins the validation passes', () => {
    const curves = new TrainingCurves();
    for (let step = 10; step <= 500; step += 10) curves.addBatch({ ...report(step, 2 - step / 500), totalSteps: 1000 });
    curves.addValidation({ step: 200, epoch: 1, validationLoss: 1.5, validationAccuracy: 0.6 });
    curves.addValidation({ step: 400, epoch: 1, validationLoss: 1.1, validationAccuracy: 0.7 });
    const series = chartSeries(curves, 'loss', 1000, 0);
    expect(series.reported).toHaveLength(101);
    expect(series.reported[0]).toBeNull(); // step 0: before the first report (step 10)
    expect(series.reported[1]).toBeCloseTo(2 - 10 / 500); // step 10
    expect(series.reported[25]).toBeCloseTo(2 - 250 / 500); // step 250, between two reports
    expect(series.reported[51]).toBeNull(); // step 510: not reached yet
    expect(series.points).toBe(50);
    expect(series.validationPasses).toBe(2);
    expect(series.validation[20]).toBeCloseTo(1.5);
    expect(series.validation[30]).toBeCloseTo(1.3);
    expect(series.validation[40]).toBeCloseTo(1.1);
    expect(series.validation[19]).toBeNull();
    expect(series.validation[41]).toBeNull();
  });

  it('draws a lone validation pass as a short stroke, so it shows', () => {
    const curves = new TrainingCurves();
    curves.addBatch({ ...report(10, 2), totalSteps: 100 });
    curves.addValidation({ step: 50, epoch: 1, validationLoss: 1, validationAccuracy: 0.5 });
    const { validation } = chartSeries(curves, 'accuracy', 100);
    expect(validation.slice(49, 52)).toEqual([0.5, 0.5, 0.5]);
  });
});
