import { describe, expect, it } from 'vitest';
import { summariseTimings, transferablesOf } from '../../../src/lib/train/protocol';

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

describe('transferablesOf', () => {
  it('moves a model’s weight buffers and nothing of other events', () => {
    const weights = new ArrayBuffer(8);
    expect(transferablesOf({ type: 'model', runId: 'r', artifacts: { weightData: weights } })).toEqual([weights]);
    const parts = [new ArrayBuffer(4), new ArrayBuffer(4)];
    expect(transferablesOf({ type: 'model', runId: 'r', artifacts: { weightData: parts } })).toEqual(parts);
    expect(transferablesOf({ type: 'status', runId: 'r', message: 'hi' })).toEqual([]);
  });

  it('moves a fine-tuned model’s weights, and nothing when the fine-tune kept none', () => {
    const weights = new ArrayBuffer(8);
    const report = {} as never;
    expect(transferablesOf({ type: 'fine-tuned', runId: 'r', report, artifacts: { weightData: weights } })).toEqual([weights]);
    expect(transferablesOf({ type: 'fine-tuned', runId: 'r', report })).toEqual([]);
  });
});
