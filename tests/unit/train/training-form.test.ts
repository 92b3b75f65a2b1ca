import { describe, expect, it } from 'vitest';
import { TRAINING_RECIPES } from '../../../src/lib/model/presets';
import { DEFAULT_AUGMENT_OPTIONS } from '../../../src/lib/train/augment-setting';
import { VALIDATION_IMAGES, formValuesFor, totalStepsOf, trainingSetup, validationInterval } from '../../../src/lib/train/training-form';

// The wide network's recipe (one epoch), so the numbers below can be worked by hand.
const recipe = TRAINING_RECIPES.wide;

describe('the training form', () => {
  it('starts from the chosen model’s recipe and turns it into a run', () => {
    const values = formValuesFor(recipe);
    expect(values).toEqual({
      epochs: '1',
      batchSize: '256',
      peakLearningRate: '0.01',
      backend: 'auto',
      maxSteps: '',
      optimizer: 'adam',
      schedule: 'one-cycle',
      labelSmoothing: '0.1',
      trainingShare: '100',
      seed: '1',
    });
    const setup = trainingSetup({ ...values, seed: '7' }, recipe);
    expect(setup).toEqual({
      ok: true,
      backend: 'auto',
      modelSeed: 7,
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
        optimizer: 'adam',
        schedule: 'one-cycle',
        trainingShare: 1,
        evaluateEvery: 43, // 55,000 images / 256 = 215 steps, 5 validation points
      },
    });
  });

  it('refuses absurd values with a sentence each, naming the form’s boxes, and says which box each is about', () => {
    const setup = trainingSetup(
      {
        ...formValuesFor(recipe),
        epochs: '0',
        batchSize: '100000',
        peakLearningRate: '100',
        backend: 'gpu',
        maxSteps: 'x',
        labelSmoothing: '1',
        seed: '1.5',
        optimizer: 'rmsprop',
        schedule: 'cyclic',
        trainingShare: '0',
      },
      recipe,
    );
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.problems).toEqual([
      'Batch size must be a whole number from 1 to 4096, got 100000',
      'Epochs must be a whole number from 1 to 100, got 0',
      'Peak learning rate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), got 100',
      'Label smoothing must be from 0 up to (not including) 1 (0.1 is usual), got 1',
      'Seed must be a whole number, got 1.5',
      'Stop after (steps) must be a whole number from 1, but the box is empty or not a plain decimal number',
      'Optimizer must be one of sgd, momentum, adam, got rmsprop',
      'Schedule must be one of one-cycle, constant, got cyclic',
      'Training images: choose 10%, 25%, 50% or 100% of the training set.',
      'Choose where to compute: auto, wasm, webgl, cpu.',
    ]);
    expect(setup.fieldProblems.map((p) => p.field)).toEqual([
      'batchSize',
      'epochs',
      'peakLearningRate',
      'labelSmoothing',
      'seed',
      'maxSteps',
      'optimizer',
      'schedule',
      'trainingShare',
      'backend',
    ]);
  });

  it('an empty box is called empty, not zero', () => {
    const setup = trainingSetup({ ...formValuesFor(recipe), peakLearningRate: ' ' }, recipe);
    expect(setup.ok ? [] : setup.problems).toEqual([
      'Peak learning rate must be above 0 and at most 10 (Adam usually wants 0.001 to 0.01), but the box is empty or not a plain decimal number',
    ]);
  });

  it('sends lesson 2’s augmentation only while its box is ticked', () => {
    const ticked = trainingSetup(formValuesFor(recipe, true), recipe, DEFAULT_AUGMENT_OPTIONS);
    expect(ticked.ok && ticked.options.augment).toEqual(DEFAULT_AUGMENT_OPTIONS);
    const unticked = trainingSetup(formValuesFor(recipe, false), recipe, DEFAULT_AUGMENT_OPTIONS);
    expect(unticked.ok && unticked.options.augment).toBeNull();
    const nothingSaved = trainingSetup(formValuesFor(recipe, true), recipe, null);
    expect(nothingSaved.ok && nothingSaved.options.augment).toBeNull();
  });

  it('a share of the training set shortens the run, and its validation interval with it', () => {
    const tenth = trainingSetup({ ...formValuesFor(recipe), trainingShare: '10' }, recipe);
    expect(tenth.ok && tenth.options.trainingShare).toBe(0.1);
    expect(totalStepsOf({ batchSize: 256, epochs: 1, trainingShare: 0.1 })).toBe(Math.ceil(5500 / 256));
    expect(tenth.ok && tenth.options.evaluateEvery).toBe(10);
  });

  it('spreads about five validation points over a run, but validates a short run less often', () => {
    expect(validationInterval({ batchSize: 64, epochs: 1, maxSteps: 60 })).toBe(12);
    expect(validationInterval({ batchSize: 64, epochs: 1, maxSteps: 20 })).toBe(10);
    expect(validationInterval({ batchSize: 64, epochs: 2, maxSteps: 2 })).toBe(10);
    expect(validationInterval({ batchSize: 128, epochs: 2 })).toBe(Math.ceil((2 * Math.ceil(55_000 / 128)) / 5));
  });
});
