import { describe, expect, it } from 'vitest';
import { BATCH_NORM_CNN, DEFAULT_RECIPE, MODEL_PRESETS, TRAINING_RECIPES, TUTORIAL_CNN, WIDE_CNN } from '../../../src/lib/model/presets';
import { inferShapes } from '../../../src/lib/model/shapes';
import { validateModelConfig } from '../../../src/lib/model/validate';

describe('presets', () => {
  it('are valid models with a recipe each', () => {
    for (const [name, config] of Object.entries(MODEL_PRESETS)) {
      expect(validateModelConfig(config)).toEqual([]);
      expect(TRAINING_RECIPES[name as keyof typeof MODEL_PRESETS]).toBeDefined();
    }
  });

  it('the tutorial CNN is the TF.js tutorial’s, with linear scores', () => {
    expect(TUTORIAL_CNN.layers.map((layer) => layer.type)).toEqual(['conv', 'maxPool', 'conv', 'maxPool', 'flatten', 'dense']);
    expect(TUTORIAL_CNN.layers[0]).toEqual({ type: 'conv', filters: 8, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' });
    expect(TUTORIAL_CNN.layers[2]).toMatchObject({ filters: 16, kernelSize: 5 });
  });

  it('the batch-norm network is three conv → batchNorm(0.9) → relu → pool blocks of 16, 32, 64', () => {
    const convs = BATCH_NORM_CNN.layers.filter((layer) => layer.type === 'conv');
    expect(convs.map((layer) => [layer.filters, layer.kernelSize, layer.padding, layer.activation])).toEqual([
      [16, 3, 'same', 'linear'],
      [32, 3, 'same', 'linear'],
      [64, 3, 'same', 'linear'],
    ]);
    expect(BATCH_NORM_CNN.layers.slice(0, 4).map((layer) => layer.type)).toEqual(['conv', 'batchNorm', 'relu', 'maxPool']);
    expect(BATCH_NORM_CNN.layers[1]).toEqual({ type: 'batchNorm', momentum: 0.9 });
  });

  it('the default recipe is the narrow network: conv 12@5x5 → pool → conv 24@3x3 → pool → dense 128 → 10, no batch norm', () => {
    expect(DEFAULT_RECIPE.layers.map((layer) => layer.type)).toEqual(['conv', 'maxPool', 'conv', 'maxPool', 'flatten', 'dense', 'dense']);
    expect(DEFAULT_RECIPE.layers[0]).toMatchObject({ filters: 12, kernelSize: 5, activation: 'relu' });
    expect(DEFAULT_RECIPE.layers[2]).toMatchObject({ filters: 24, kernelSize: 3, activation: 'relu' });
    expect(DEFAULT_RECIPE.layers[5]).toEqual({ type: 'dense', units: 128, activation: 'relu' });
  });

  it('the wide network is the published one: conv 24@5x5 → pool → conv 32@3x3 → pool → dense 256 → 10', () => {
    expect(WIDE_CNN.layers.map((layer) => layer.type)).toEqual(DEFAULT_RECIPE.layers.map((layer) => layer.type));
    expect(WIDE_CNN.layers[0]).toMatchObject({ filters: 24, kernelSize: 5 });
    expect(WIDE_CNN.layers[2]).toMatchObject({ filters: 32, kernelSize: 3 });
    expect(WIDE_CNN.layers[5]).toEqual({ type: 'dense', units: 256, activation: 'relu' });
  });

  it('the default keeps its first layer narrow: under half the wide network\'s first feature map and parameters', () => {
    const firstMap = (config: typeof DEFAULT_RECIPE) => {
      const shape = inferShapes(config).layers[0]!.outputShape;
      return shape.reduce((a, b) => a * b, 1);
    };
    expect(firstMap(DEFAULT_RECIPE) / firstMap(WIDE_CNN)).toBeLessThanOrEqual(0.5);
    expect(inferShapes(DEFAULT_RECIPE).parameters / inferShapes(WIDE_CNN).parameters).toBeLessThan(0.5);
  });

  it('the default training recipe: Adam (0.7, 0.9), one-cycle to 0.01, smoothing 0.1, batch 256, two epochs; the wide one, one epoch', () => {
    expect(TRAINING_RECIPES.default).toEqual({
      batchSize: 256,
      epochs: 2,
      optimizer: 'adam',
      peakLearningRate: 0.01,
      schedule: 'one-cycle',
      labelSmoothing: 0.1,
      augment: null,
      adamBetas: [0.7, 0.9],
    });
    expect(TRAINING_RECIPES.wide).toEqual({ ...TRAINING_RECIPES.default, epochs: 1 });
  });

  it('the batch-norm recipe follows PERF-NOTES: Adam, one-cycle to 0.01, smoothing 0.1, 1–2 epochs, small shifts', () => {
    const recipe = TRAINING_RECIPES.batchNorm;
    expect(recipe).toMatchObject({ optimizer: 'adam', schedule: 'one-cycle', peakLearningRate: 0.01, labelSmoothing: 0.1 });
    expect(recipe.batchSize).toBeGreaterThanOrEqual(64);
    expect(recipe.batchSize).toBeLessThanOrEqual(128);
    expect(recipe.augment?.maxShiftPixels).toBeGreaterThan(0);
    expect(recipe.augment?.maxShiftPixels).toBeLessThanOrEqual(2);
  });
});
