import { describe, expect, it } from 'vitest';
import { classMeans, labelCounts, pixelHistogram, pixelStats } from '../../../src/lib/data/stats';

describe('stats', () => {
  it('labelCounts counts each digit', () => {
    expect(labelCounts(Uint8Array.from([0, 1, 1, 9, 1]))).toEqual([1, 3, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(() => labelCounts(Uint8Array.from([3, 12]))).toThrow(/Label 1 is 12/);
  });

  it('pixelHistogram counts each intensity', () => {
    const histogram = pixelHistogram(Uint8Array.from([0, 0, 255, 3, 0]));
    expect(histogram.length).toBe(256);
    expect([histogram[0], histogram[3], histogram[255]]).toEqual([3, 1, 1]);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('classMeans averages each pixel within each digit', () => {
    // Three 1×2 images: two 1s ([0, 10] and [20, 30]) and one 3 ([255, 0]).
    const set = { count: 3, rows: 1, cols: 2, pixels: Uint8Array.from([0, 10, 20, 30, 255, 0]), labels: Uint8Array.from([1, 1, 3]) };
    const means = classMeans(set);
    expect(means.length).toBe(20);
    expect([...means.subarray(2, 4)]).toEqual([10, 20]);
    expect([...means.subarray(6, 8)]).toEqual([255, 0]);
    expect([...means.subarray(0, 2)]).toEqual([0, 0]); // no 0s in the set
  });

  it('pixelStats gives the mean and the share of blank pixels', () => {
    expect(pixelStats(Uint8Array.from([0, 0, 100, 200]))).toEqual({ mean: 75, fractionZero: 0.5 });
    expect(() => pixelStats(new Uint8Array(0))).toThrow(RangeError);
  });
});
