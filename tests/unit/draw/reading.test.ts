import { describe, expect, it } from 'vitest';
import { describeReading, readProbabilities, UNSURE_MARGIN, UNSURE_TOP } from '../../../src/lib/draw/reading';

function probabilities(entries: Record<number, number>): Float32Array {
  const result = new Float32Array(10);
  for (const [digit, p] of Object.entries(entries)) result[Number(digit)] = p;
  return result;
}

describe('readProbabilities', () => {
  it('names the most likely digit and the runner-up, wherever they are', () => {
    expect(readProbabilities(probabilities({ 7: 0.9, 1: 0.08, 2: 0.02 }))).toMatchObject({ digit: 7, runnerUp: 1, unsure: false });
    expect(readProbabilities(probabilities({ 0: 0.05, 9: 0.95 }))).toMatchObject({ digit: 9, runnerUp: 0 });
    expect(readProbabilities(probabilities({ 0: 0.95, 1: 0.01, 9: 0.04 }))).toMatchObject({ digit: 0, runnerUp: 9 });
  });

  it('is unsure when the two best guesses are close', () => {
    const close = readProbabilities(probabilities({ 4: 0.55, 9: 0.45 - 1e-6 }));
    expect(close.probability - close.runnerUpProbability).toBeLessThan(UNSURE_MARGIN);
    expect(close).toMatchObject({ digit: 4, runnerUp: 9, unsure: true });
    expect(readProbabilities(probabilities({ 4: 0.7, 9: 0.3 })).unsure).toBe(false);
  });

  it('is unsure when even the best guess is weak', () => {
    const weak = readProbabilities(probabilities({ 3: UNSURE_TOP - 0.05, 5: 0.1, 8: 0.1, 0: 0.1, 1: 0.1, 2: 0.05 }));
    expect(weak.probability - weak.runnerUpProbability).toBeGreaterThan(UNSURE_MARGIN);
    expect(weak.unsure).toBe(true);
  });

  it('refuses a model output that is not ten numbers', () => {
    expect(() => readProbabilities([0.5])).toThrow(/two/);
    expect(() => readProbabilities(probabilities({ 2: Number.NaN }))).toThrow(/not a number/);
  });
});

describe('describeReading', () => {
  it('says "not sure — maybe 4 or 9" when unsure, and how sure otherwise', () => {
    expect(describeReading(readProbabilities(probabilities({ 4: 0.5, 9: 0.45, 1: 0.05 })))).toBe('Not sure — maybe 4 or 9');
    expect(describeReading(readProbabilities(probabilities({ 7: 0.934, 1: 0.066 })))).toBe('7, 93% sure');
  });
});
