import { describe, expect, it } from 'vitest';
import { DivergenceDetector, retryLearningRate } from '../../../src/lib/train/divergence';

describe('DivergenceDetector', () => {
  it('says nothing about a run that learns, noisy as its reports are', () => {
    const detector = new DivergenceDetector(0.01, 50);
    const losses = [2.3, 2.1, 2.4, 1.6, 1.2, 1.3, 0.8, 0.7, 0.9, 0.5];
    losses.forEach((loss, i) => expect(detector.observe((i + 1) * 10, [loss, loss], 0.1 + i * 0.09)).toBeNull());
  });

  it('catches a NaN or infinite loss and names its step', () => {
    const detector = new DivergenceDetector(10, 50);
    expect(detector.observe(2, [2.3, 2.2], 0.1)).toBeNull();
    const verdict = detector.observe(4, [5, Number.NaN], 0.1);
    expect(verdict).toMatchObject({ kind: 'nan', step: 4 });
    expect(verdict?.message).toMatch(/^The loss became NaN at step 4: .*too high for this network \(the peak was 10\)\.$/);
    expect(new DivergenceDetector(1, 5).observe(1, [Infinity], 0)?.kind).toBe('nan');
  });

  it('catches a loss that explodes without becoming NaN (Adam at a rate of 10: thousands)', () => {
    const detector = new DivergenceDetector(10, 50);
    const verdicts = [2.3, 40, 900, 15_000].map((loss, i) => detector.observe((i + 1) * 2, [loss, loss], 0.1));
    expect(verdicts.slice(0, 2)).toEqual([null, null]); // one bad report is not a verdict
    const verdict = verdicts.find((v) => v !== null);
    expect(verdict?.kind).toBe('explosion');
    expect(verdict?.message).toMatch(/The loss exploded: from 2\.30 at the start to .* \(smoothed\) at step \d+\./);
  });

  it('catches accuracy still at chance once the warm-up is over, not before', () => {
    const detector = new DivergenceDetector(5, 100);
    for (let step = 10; step < 100; step += 10) expect(detector.observe(step, [2.31], 0.1)).toBeNull();
    expect(detector.observe(100, [2.31], 0.1)).toMatchObject({ kind: 'chance', step: 100 });
  });

  it('offers a third of the rate, rounded to two figures', () => {
    expect(retryLearningRate(10)).toBe(3.3);
    expect(retryLearningRate(0.01)).toBe(0.0033);
  });
});
