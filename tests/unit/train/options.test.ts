import { describe, expect, it } from 'vitest';
import { TRAINING_RECIPES } from '../../../src/lib/model/presets';
import { validateTrainOptions, type TrainOptions } from '../../../src/lib/train/options';

// A recipe spreads straight into the options: the recipe's optimizer and schedule names ride along.
const sensible: TrainOptions = { ...TRAINING_RECIPES.default, validationSize: 5000, seed: 42 };

describe('validateTrainOptions', () => {
  it('accepts both recipes with a seed and a validation size', () => {
    for (const recipe of Object.values(TRAINING_RECIPES)) {
      expect(validateTrainOptions({ ...recipe, validationSize: 0.1, seed: 1, maxSteps: 10, evaluateEvery: 5, reportEvery: 1 })).toEqual([]);
    }
  });

  it.each([
    [{ batchSize: 0 }, 'batchSize must be a whole number from 1 to 4096, got 0'],
    [{ batchSize: 5000 }, 'batchSize must be a whole number from 1 to 4096, got 5000'],
    [{ batchSize: 12.5 }, 'batchSize must be a whole number from 1 to 4096, got 12.5'],
    [{ epochs: 0 }, 'epochs must be a whole number from 1 to 100, got 0'],
    [{ epochs: 101 }, 'epochs must be a whole number from 1 to 100, got 101'],
    [{ peakLearningRate: 0 }, 'peakLearningRate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got 0'],
    [{ peakLearningRate: -0.01 }, 'peakLearningRate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got -0.01'],
    [{ peakLearningRate: 11 }, 'peakLearningRate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got 11'],
    [{ peakLearningRate: NaN }, 'peakLearningRate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got NaN'],
    [{ labelSmoothing: 1 }, 'labelSmoothing must be from 0 up to (not including) 1 (0.1 is usual), got 1'],
    [{ labelSmoothing: -0.1 }, 'labelSmoothing must be from 0 up to (not including) 1 (0.1 is usual), got -0.1'],
    [{ validationSize: -1 }, 'validationSize must be a count of images (like 5000), a fraction (like 0.1) or 0, got -1'],
    [{ validationSize: 10.5 }, 'validationSize must be a count of images (like 5000), a fraction (like 0.1) or 0, got 10.5'],
    [{ seed: 0.5 }, 'seed must be a whole number, got 0.5'],
    [{ maxSteps: 0 }, 'maxSteps must be a whole number from 1, got 0'],
    [{ evaluateEvery: 2.5 }, 'evaluateEvery must be a whole number from 1, got 2.5'],
    [{ reportEvery: -3 }, 'reportEvery must be a whole number from 1, got -3'],
    [{ augment: { maxShiftPixels: 10, maxRotationDegrees: 0, maxScale: 0 } }, 'augment.maxShiftPixels must be a whole number from 0 to 4, got 10'],
    [{ adamBetas: [0.9, 1] }, 'adamBetas must be two numbers from 0 up to (not including) 1, like [0.9, 0.999], got [0.9, 1]'],
  ] as [Partial<TrainOptions>, string][])('%o', (change, expected) => {
    expect(validateTrainOptions({ ...sensible, ...change })).toEqual([expected]);
  });

  it('accepts Adam betas for short runs', () => {
    expect(validateTrainOptions({ ...sensible, adamBetas: [0.7, 0.9] })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(validateTrainOptions({ ...sensible, batchSize: 0, epochs: 0 })).toHaveLength(2);
  });
});
