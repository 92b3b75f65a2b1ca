import { describe, expect, it } from 'vitest';
import { calibration } from '../../../src/lib/eval/calibration';
import type { ScoredImage } from '../../../src/lib/eval/scored-set';

const image = (confidence: number, right: boolean, index = 0): ScoredImage => ({ index, label: 1, predicted: right ? 1 : 2, confidence });

describe('calibration', () => {
  it('puts each confidence in its bin, with its mean and accuracy', () => {
    const images = [image(0.95, true), image(0.99, true), image(0.92, false), image(0.55, true), image(0.5, false), image(1, true)];
    const { bins } = calibration(images, 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]!.from).toBeCloseTo(0.1);
    expect(bins[9]!.to).toBe(1);
    const top = bins[9]!; // (0.91, 1]
    expect(top.count).toBe(4);
    expect(top.accuracy).toBeCloseTo(3 / 4);
    expect(top.meanConfidence).toBeCloseTo((0.95 + 0.99 + 0.92 + 1) / 4);
    const middle = bins[4]!; // (0.46, 0.55]
    expect(middle.count).toBe(2);
    expect(middle.accuracy).toBeCloseTo(0.5);
    expect(bins[0]!.count).toBe(0);
    expect(bins[0]!.accuracy).toBeNaN();
  });

  it('has no error for a perfectly calibrated set and the gap for an over-confident one', () => {
    const calibrated = [image(0.5, true), image(0.5, false), image(1, true)];
    expect(calibration(calibrated, 2, 0).expectedError).toBeCloseTo(0);
    const overConfident = [image(1, false), image(1, true)];
    expect(calibration(overConfident, 5).expectedError).toBeCloseTo(0.5);
  });

  it('puts a confidence of exactly 1/10 in the first bin', () => {
    expect(calibration([image(0.1, false)], 9).bins[0]!.count).toBe(1);
  });
});
