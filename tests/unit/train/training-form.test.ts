import { describe, expect, it } from 'vitest';
import { TRAINING_RECIPES } from '../../../src/lib/model/presets';
import { VALIDATION_IMAGES, formValuesFor, trainingSetup, validationInterval } from '../../../src/lib/train/training-form';

// The wide network's recipe (one epoch), so the numbers below can be worked by hand.
const recipe = TRAINING_RECIPES.wide;

describe('the training form', () => {
  it('starts from the chosen model’s recipe and turns it into a run', () => {
    const values = formValuesFor(recipe);
    expect(values).toEqual({ epochs: '1', batchSize: '256', peakLearningRate: '0.01', backend: 'auto', maxSteps: '' });
    const setup = trainingSetup(values, recipe, 7);
    expect(setup).toEqual({
      ok: true,
      backend: 'auto',
      options: {
        batchSize: 256,
        epochs: 1,
        peakLearningRate: 0.01,
        labelSmoothing: 0.1,
        augment: null,
        adamBetas: [0.7, 0.9],
        validationSize: VALIDATION_IMAGES,
        seed: 7,
        maxSteps: undefined,
        evaluateEvery: 43, // 55,000 images / 256 = 215 steps, 5 validation points
      },
    });
  });

  it('refuses absurd values with a sentence each, naming the form’s boxes', () => {
    const setup = trainingSetup({ epochs: '0', batchSize: '100000', peakLearningRate: '100', backend: 'gpu', maxSteps: 'x' }, recipe, 1);
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.problems).toEqual([
      'Batch size must be a whole number from 1 to 4096, got 100000',
      'Epochs must be a whole number from 1 to 100, got 0',
      'Peak learning rate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got 100',
      'Stop after (steps) must be a whole number from 1, but the box is empty or not a number',
      'Choose where to compute: auto, wasm, webgl, cpu.',
    ]);
  });

  it('an empty box is called empty, not zero', () => {
    const setup = trainingSetup({ ...formValuesFor(recipe), peakLearningRate: ' ' }, recipe, 1);
    expect(setup.ok ? [] : setup.problems).toEqual([
      'Peak learning rate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), but the box is empty or not a number',
    ]);
  });

  it('spreads about five validation points over a run, but validates a short run less often', () => {
    expect(validationInterval({ batchSize: 64, epochs: 1, maxSteps: 60 })).toBe(12);
    expect(validationInterval({ batchSize: 64, epochs: 1, maxSteps: 20 })).toBe(10);
    expect(validationInterval({ batchSize: 64, epochs: 2, maxSteps: 2 })).toBe(10);
    expect(validationInterval({ batchSize: 128, epochs: 2 })).toBe(Math.ceil((2 * Math.ceil(55_000 / 128)) / 5));
  });
});
