import { describe, expect, it } from 'vitest';
import { DEFAULT_RECIPE, MODEL_PRESETS, TRAINING_RECIPES, TUTORIAL_CNN } from '../../../src/lib/model/presets';
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

  it('the default recipe is three conv → batchNorm(0.9) → relu → pool blocks of 16, 32, 64', () => {
    const convs = DEFAULT_RECIPE.layers.filter((layer) => layer.type === 'conv');
    expect(convs.map((layer) => [layer.filters, layer.kernelSize, layer.padding, layer.activation])).toEqual([
      [16, 3, 'same', 'linear'],
      [32, 3, 'same', 'linear'],
      [64, 3, 'same', 'linear'],
    ]);
    expect(DEFAULT_RECIPE.layers.slice(0, 4).map((layer) => layer.type)).toEqual(['conv', 'batchNorm', 'relu', 'maxPool']);
    expect(DEFAULT_RECIPE.layers[1]).toEqual({ type: 'batchNorm', momentum: 0.9 });
  });

  it('the default training recipe follows PERF-NOTES: Adam, one-cycle to 0.01, smoothing 0.1, 1–2 epochs, small shifts', () => {
    const recipe = TRAINING_RECIPES.default;
    expect(recipe).toMatchObject({ optimizer: 'adam', schedule: 'one-cycle', peakLearningRate: 0.01, labelSmoothing: 0.1 });
    expect(recipe.batchSize).toBeGreaterThanOrEqual(64);
    expect(recipe.batchSize).toBeLessThanOrEqual(128);
    expect(recipe.epochs).toBeGreaterThanOrEqual(1);
    expect(recipe.epochs).toBeLessThanOrEqual(2);
    expect(recipe.augment?.maxShiftPixels).toBeGreaterThan(0);
    expect(recipe.augment?.maxShiftPixels).toBeLessThanOrEqual(2);
  });
});
