import { describe, expect, it } from 'vitest';
import { steadyImagesPerSecond } from '../../../src/lib/train/steady-speed';

describe('steadyImagesPerSecond', () => {
  it('counts the steps after the first report over the time after it, less pauses', () => {
    // Steps 10 → 60 (50 steps of 256) in 2 s, 0.5 s of it paused: 12,800 images in 1.5 s.
    expect(steadyImagesPerSecond({ firstReport: { step: 10, at: 1000 }, lastStep: 60, endedAt: 3000, batchSize: 256, pausedMs: 500 })).toBeCloseTo(12800 / 1.5);
  });

  it('has no figure without a report, without a step after it, or without time', () => {
    expect(steadyImagesPerSecond({ firstReport: undefined, lastStep: 60, endedAt: 3000, batchSize: 256, pausedMs: 0 })).toBeUndefined();
    expect(steadyImagesPerSecond({ firstReport: { step: 10, at: 1000 }, lastStep: 10, endedAt: 3000, batchSize: 256, pausedMs: 0 })).toBeUndefined();
    expect(steadyImagesPerSecond({ firstReport: { step: 10, at: 3000 }, lastStep: 20, endedAt: 3000, batchSize: 256, pausedMs: 0 })).toBeUndefined();
  });
});
