import { describe, expect, it } from 'vitest';
import { valueHistogram, valueRange } from '../../../src/lib/data/scaling';
import { toUnitRange } from '../../../src/lib/train/input';
import { realMnist } from '../train/real-mnist';

describe('valueHistogram', () => {
  it('counts values into equal bins, the top edge in the last bin', () => {
    expect(valueHistogram([0, 0.1, 0.49, 0.5, 0.99, 1], { min: 0, max: 1, bins: 2 })).toEqual([3, 3]);
    expect(valueHistogram([0, 63, 64, 255], { min: 0, max: 255, bins: 4 })).toEqual([2, 1, 0, 1]);
  });

  it('gives the same bars for MNIST images as bytes and after dividing by 255', () => {
    const data = realMnist(300, 1);
    const bytes = data.train.pixels;
    const scaled = toUnitRange(bytes);
    expect(scaled.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(scaled[bytes.indexOf(255)]).toBe(1);
    const before = valueHistogram(bytes, { min: 0, max: 255, bins: 16 });
    const after = valueHistogram(scaled, { min: 0, max: 1, bins: 16 });
    expect(after).toEqual(before);
    expect(before.reduce((a, b) => a + b, 0)).toBe(bytes.length);
  });

  it('refuses values outside the range and meaningless bins', () => {
    expect(() => valueHistogram([256], { min: 0, max: 255, bins: 4 })).toThrow(/256 at 0 is outside 0..255/);
    expect(() => valueHistogram([Number.NaN], { min: 0, max: 1, bins: 4 })).toThrow(/outside/);
    expect(() => valueHistogram([0], { min: 0, max: 1, bins: 0 })).toThrow(/bins/);
    expect(() => valueHistogram([0], { min: 1, max: 1, bins: 3 })).toThrow(/max must be above min/);
  });
});

describe('valueRange', () => {
  it('gives the smallest, largest, mean and root mean square', () => {
    expect(valueRange([-1, 1, 3, -3])).toEqual({ min: -3, max: 3, mean: 0, rms: Math.sqrt(5) });
  });

  it('scales with its input: 255 times the bytes, 255 times every figure', () => {
    const bytes = realMnist(20, 1).train.pixels;
    const unit = valueRange(toUnitRange(bytes));
    const raw = valueRange(bytes);
    expect(raw.max / unit.max).toBeCloseTo(255, 4);
    expect(raw.rms / unit.rms).toBeCloseTo(255, 3);
  });

  it('needs at least one value', () => {
    expect(() => valueRange([])).toThrow(/at least one/);
  });
});
