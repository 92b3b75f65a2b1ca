import { describe, expect, it } from 'vitest';
import type { LayerSpec, ModelConfig } from '../../../src/lib/model/config';
import { BATCH_NORM_CNN, MODEL_PRESETS, TUTORIAL_CNN } from '../../../src/lib/model/presets';
import { validateModelConfig } from '../../../src/lib/model/validate';

const scores: LayerSpec = { type: 'dense', units: 10 };
/** A valid model with `layer` in the middle: conv → layer → flatten → dense 10. */
const around = (layer: LayerSpec): ModelConfig => ({
  name: 'test',
  layers: [{ type: 'conv', filters: 4, kernelSize: 3 }, layer, { type: 'flatten' }, scores],
});
const messages = (config: ModelConfig) => validateModelConfig(config).map((problem) => problem.message);

describe('validateModelConfig accepts', () => {
  it('both presets', () => {
    for (const preset of Object.values(MODEL_PRESETS)) expect(validateModelConfig(preset)).toEqual([]);
  });

  it('every layer type with its optional fields', () => {
    const config: ModelConfig = {
      name: 'everything',
      layers: [
        { type: 'conv', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
        { type: 'batchNorm', momentum: 0.99 },
        { type: 'relu' },
        { type: 'maxPool', poolSize: 2, strides: 2 },
        { type: 'dropout', rate: 0.25 },
        { type: 'globalAveragePool' },
        { type: 'dense', units: 32, activation: 'relu' },
        { type: 'dropout', rate: 0 },
        { type: 'dense', units: 10, activation: 'linear' },
      ],
    };
    expect(validateModelConfig(config)).toEqual([]);
  });
});

describe('validateModelConfig finds absurd values', () => {
  it.each([
    [{ type: 'conv', filters: 0, kernelSize: 3 }, 'Filters must be a whole number from 1 to 512, got 0'],
    [{ type: 'conv', filters: 513, kernelSize: 3 }, 'Filters must be a whole number from 1 to 512, got 513'],
    [{ type: 'conv', filters: 2.5, kernelSize: 3 }, 'Filters must be a whole number from 1 to 512, got 2.5'],
    [{ type: 'conv', filters: 4, kernelSize: 0 }, 'Kernel size must be a whole number from 1 to 28, got 0'],
    [{ type: 'conv', filters: 4, kernelSize: 3, strides: 0 }, 'Strides must be a whole number from 1 to 8, got 0'],
    [{ type: 'conv', filters: 4, kernelSize: 2, strides: 3 }, 'Strides 3 is larger than the 2×2 kernel, so some pixels would never be looked at'],
    [{ type: 'maxPool', poolSize: 2, strides: 5 }, 'Strides 5 is larger than the 2×2 pooling window, so some pixels would never be looked at'],
    [{ type: 'maxPool', poolSize: 0 }, 'Pool size must be a whole number from 1 to 28, got 0'],
    [{ type: 'batchNorm', momentum: 1 }, 'Momentum must be between 0 and 1 (0.9 suits short runs), got 1'],
    [{ type: 'dropout', rate: 1 }, 'Rate is the fraction of values dropped, from 0 up to (not including) 1, got 1'],
    [{ type: 'dropout', rate: -0.1 }, 'Rate is the fraction of values dropped, from 0 up to (not including) 1, got -0.1'],
  ] as [LayerSpec, string][])('%o', (layer, expected) => {
    expect(validateModelConfig(around(layer))).toEqual([{ layerIndex: 1, message: `Layer 2 (${layer.type}): ${expected}` }]);
  });

  it('dense units from 1 to 4096', () => {
    const config = (units: number): ModelConfig => ({ name: 'm', layers: [{ type: 'flatten' }, { type: 'dense', units }, scores] });
    expect(messages(config(0))).toEqual(['Layer 2 (dense): Units must be a whole number from 1 to 4096, got 0']);
    expect(messages(config(5000))).toEqual(['Layer 2 (dense): Units must be a whole number from 1 to 4096, got 5000']);
  });

  it('misspelt options and layer types, as a config typed by hand (JSON) might have', () => {
    const typo = JSON.parse(
      '{"name":"typos","layers":[{"type":"conv","filters":4,"kernelSize":3,"padding":"full","activation":"softmax"},{"type":"convolution"},{"type":"flatten"},{"type":"dense","units":10}]}',
    ) as ModelConfig;
    expect(validateModelConfig(typo)).toEqual([
      { layerIndex: 0, message: 'Layer 1 (conv): Padding must be "same" or "valid", got full' },
      { layerIndex: 0, message: 'Layer 1 (conv): Activation must be "relu" or "linear", got softmax' },
      {
        layerIndex: 1,
        message: 'Layer 2 (convolution): unknown layer type "convolution"; the types are conv, batchNorm, relu, maxPool, flatten, dense, dropout, globalAveragePool',
      },
    ]);
  });

  it('lists every value problem at once, and only those, before looking at shapes', () => {
    const config: ModelConfig = {
      name: 'two typos',
      layers: [{ type: 'conv', filters: 0, kernelSize: 3 }, { type: 'dense', units: 0 }],
    };
    expect(messages(config)).toEqual([
      'Layer 1 (conv): Filters must be a whole number from 1 to 512, got 0',
      'Layer 2 (dense): Units must be a whole number from 1 to 4096, got 0',
    ]);
  });

  it('a model without a name or without layers', () => {
    expect(validateModelConfig({ name: ' ', layers: [] })).toEqual([
      { layerIndex: null, message: 'The model needs a name' },
      { layerIndex: null, message: 'The model has no layers' },
    ]);
  });

  it('too many layers', () => {
    const layers: LayerSpec[] = [...new Array<LayerSpec>(40).fill({ type: 'relu' }), { type: 'flatten' }, scores];
    expect(messages({ name: 'deep', layers })).toEqual(['The model has 42 layers; at most 40 can train in a browser tab']);
  });
});

describe('validateModelConfig finds shapes that do not work', () => {
  it('a kernel larger than its input', () => {
    const config: ModelConfig = {
      name: 'late conv',
      layers: [...TUTORIAL_CNN.layers.slice(0, 4), { type: 'conv', filters: 8, kernelSize: 5 }, { type: 'flatten' }, scores],
    };
    expect(validateModelConfig(config)).toEqual([
      { layerIndex: 4, message: 'Layer 5 (conv): the 5×5 kernel is larger than its 4×4 input, so the output would be empty (0×0)' },
    ]);
  });

  it('pooling until nothing is left', () => {
    const pool: LayerSpec = { type: 'maxPool', poolSize: 2 };
    const config: ModelConfig = { name: 'pools', layers: [pool, pool, pool, pool, pool, { type: 'flatten' }, scores] };
    // 28 → 14 → 7 → 3 → 1, and the fifth pool has nothing to pool.
    expect(messages(config)).toEqual([
      'Layer 5 (maxPool): the 2×2 pooling window is larger than its 1×1 input, so the output would be empty (0×0)',
    ]);
  });

  it('dense after conv without a flatten', () => {
    const config: ModelConfig = { name: 'no flatten', layers: [{ type: 'conv', filters: 8, kernelSize: 5 }, scores] };
    expect(messages(config)).toEqual([
      'Layer 2 (dense): a dense layer needs a flat list of numbers but gets a 24×24×8 image; put a flatten (or globalAveragePool) before it',
    ]);
  });

  it('image layers after the flatten', () => {
    for (const layer of [{ type: 'maxPool', poolSize: 2 }, { type: 'flatten' }, { type: 'globalAveragePool' }] as LayerSpec[]) {
      const config: ModelConfig = { name: 'late', layers: [{ type: 'flatten' }, layer, scores] };
      expect(messages(config)[0]).toMatch(/^Layer 2 .* needs an image \(height × width × channels\) but gets a flat list of 784 numbers/);
    }
  });
});

describe('validateModelConfig checks the output', () => {
  it('must end in a dense layer of 10 units', () => {
    const problem = { layerIndex: 2, message: 'The last layer must be a dense layer with 10 units, one score per digit' };
    expect(validateModelConfig({ name: 'm', layers: [{ type: 'flatten' }, scores, { type: 'relu' }] })).toEqual([problem]);
    expect(validateModelConfig({ name: 'm', layers: [{ type: 'flatten' }, scores, { type: 'dense', units: 9 }] })).toEqual([problem]);
  });

  it('must leave the scores linear', () => {
    const config: ModelConfig = { name: 'm', layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'relu' }] };
    expect(messages(config)).toEqual([
      'The last layer gives one score per digit and a relu would cut off the negative scores: leave its activation linear',
    ]);
  });

  it('must fit in a browser tab', () => {
    const config: ModelConfig = {
      name: 'huge',
      layers: [{ type: 'conv', filters: 64, kernelSize: 3, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 100 }, scores],
    };
    // 28·28·64 = 50,176 values into 100 units: 5,017,700 weights in that one layer.
    expect(validateModelConfig(config)).toEqual([
      {
        layerIndex: null,
        message:
          'The model has 5,019,350 parameters; at most 2,000,000 can train in a browser tab (fewer filters or units, or more pooling before the flatten, will shrink it)',
      },
    ]);
  });

  it('does not change the config it checks', () => {
    const copy = structuredClone(BATCH_NORM_CNN);
    validateModelConfig(BATCH_NORM_CNN);
    expect(BATCH_NORM_CNN).toEqual(copy);
  });
});
