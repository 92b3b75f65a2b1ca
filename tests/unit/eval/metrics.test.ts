import { describe, expect, it } from 'vitest';
import { accuracyOf, classMetrics, confusionOf, totalOf } from '../../../src/lib/eval/metrics';

describe('confusionOf', () => {
  it('counts rows by true digit and columns by answer', () => {
    const matrix = confusionOf([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 2, 2]);
    expect(matrix[0]!.slice(0, 3)).toEqual([1, 1, 0]);
    expect(matrix[1]!.slice(0, 3)).toEqual([0, 2, 1]);
    expect(matrix[2]!.slice(0, 3)).toEqual([0, 0, 1]);
    expect(totalOf(matrix)).toBe(6);
    expect(accuracyOf(matrix)).toBeCloseTo(4 / 6);
  });

  it('refuses labels that are not digits and lists of different lengths', () => {
    expect(() => confusionOf([10], [1])).toThrow(/0–9/);
    expect(() => confusionOf([1, 2], [1])).toThrow(/2 labels but 1/);
  });
});

describe('classMetrics', () => {
  // 3s: 8 right, 2 read as 8. 8s: 5 right, 1 read as 3. Nothing else.
  const labels = [...Array(10).fill(3), ...Array(6).fill(8)];
  const predictions = [...Array(8).fill(3), 8, 8, ...Array(5).fill(8), 3];
  const metrics = classMetrics(confusionOf(labels, predictions));

  it('gives precision, recall and F1 by hand', () => {
    const three = metrics[3]!;
    expect(three.support).toBe(10);
    expect(three.predicted).toBe(9);
    expect(three.recall).toBeCloseTo(0.8);
    expect(three.precision).toBeCloseTo(8 / 9);
    expect(three.f1).toBeCloseTo((2 * 0.8 * (8 / 9)) / (0.8 + 8 / 9));
    const eight = metrics[8]!;
    expect(eight.recall).toBeCloseTo(5 / 6);
    expect(eight.precision).toBeCloseTo(5 / 7);
  });

  it('says NaN, not 0, for a digit with no images and no answers', () => {
    expect(metrics[5]!.precision).toBeNaN();
    expect(metrics[5]!.recall).toBeNaN();
    expect(metrics[5]!.f1).toBeNaN();
  });

  it('gives F1 0 when a digit is answered but never right', () => {
    const m = classMetrics(confusionOf([1, 2], [2, 1]));
    expect(m[1]!.precision).toBe(0);
    expect(m[1]!.recall).toBe(0);
    expect(m[1]!.f1).toBe(0);
  });
});
