import { describe, expect, it } from 'vitest';
import { summariseTimings } from '../../../src/lib/train/protocol';

describe('summariseTimings', () => {
  it('gives the median and the 95th percentile', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(summariseTimings(samples)).toEqual({ count: 100, medianMs: 50.5, p95Ms: 95 });
    expect(summariseTimings([3, 1, 2])).toEqual({ count: 3, medianMs: 2, p95Ms: 3 });
  });

  it('refuses an empty list', () => {
    expect(() => summariseTimings([])).toThrow(RangeError);
  });
});
