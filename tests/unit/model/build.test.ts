import type { LayersModel } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import { ModelConfigError, type ModelConfig } from '../../../src/lib/model/config';
import { predictDigits } from '../../../src/lib/model/predict';
import { BATCH_NORM_CNN, MODEL_PRESETS, TUTORIAL_CNN } from '../../../src/lib/model/presets';
import { inferShapes } from '../../../src/lib/model/shapes';
import { cpuTf } from './tf-cpu';

const tf = await cpuTf();
const built: LayersModel[] = [];
const build = (config: ModelConfig, seed = 1) => {
  const model = buildModel(tf, config, { seed });
  built.push(model);
  return model;
};
const weightsOf = (model: LayersModel) => model.getWeights().map((weight) => Array.from(weight.dataSync()));

let tensorsBefore = 0;
beforeAll(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => {
  for (const model of built) model.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('buildModel', () => {
  it.each(Object.entries(MODEL_PRESETS))('builds the %s preset with the shapes and counts inferShapes predicts', (_, config) => {
    const model = build(config);
    const table = inferShapes(config);
    expect(model.inputs[0]?.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    expect(model.layers.map((layer) => layer.outputShape)).toEqual(table.layers.map((row) => [null, ...row.outputShape]));
    expect(model.countParams()).toBe(table.parameters);
    const trainable = model.trainableWeights.map((weight) => weight.read().size);
    expect(trainable.reduce((a, b) => a + b, 0)).toBe(table.trainableParameters);
  });

  it('names layers by type and row number, so activations can be matched to the shape table', () => {
    expect(build(TUTORIAL_CNN).layers.map((layer) => layer.name)).toEqual([
      'conv1',
      'maxPool2',
      'conv3',
      'maxPool4',
      'flatten5',
      'dense6',
    ]);
  });

  it('builds the same preset twice in one engine (names do not clash)', () => {
    expect(() => [build(TUTORIAL_CNN), build(TUTORIAL_CNN)]).not.toThrow();
  });

  it('gives the same initial weights for the same seed, and others for another', () => {
    expect(weightsOf(build(BATCH_NORM_CNN, 42))).toEqual(weightsOf(build(BATCH_NORM_CNN, 42)));
    expect(weightsOf(build(BATCH_NORM_CNN, 42))).not.toEqual(weightsOf(build(BATCH_NORM_CNN, 43)));
  });

  it('keeps a layer’s initial weights when another layer changes', () => {
    const wider: ModelConfig = {
      ...TUTORIAL_CNN,
      layers: TUTORIAL_CNN.layers.map((layer) => (layer.type === 'conv' && layer.filters === 16 ? { ...layer, filters: 12 } : layer)),
    };
    const firstKernel = (model: LayersModel) => Array.from(model.getWeights()[0]!.dataSync());
    expect(firstKernel(build(wider, 5))).toEqual(firstKernel(build(TUTORIAL_CNN, 5)));
  });

  it('applies the config: strides, padding, bias, activation, momentum', () => {
    const model = build(BATCH_NORM_CNN);
    const conv = model.getLayer('conv1').getConfig();
    expect(conv).toMatchObject({ filters: 16, kernelSize: [3, 3], strides: [1, 1], padding: 'same', useBias: false, activation: 'linear' });
    expect(model.getLayer('batchNorm2').getConfig()).toMatchObject({ momentum: 0.9 });
    expect(model.getLayer('dense14').getConfig()).toMatchObject({ units: 10, activation: 'linear' });
  });

  it('refuses an invalid config, listing every problem', () => {
    const broken: ModelConfig = { name: 'broken', layers: [{ type: 'conv', filters: 0, kernelSize: 3 }, { type: 'dense', units: 0 }] };
    expect(() => buildModel(tf, broken, { seed: 1 })).toThrow(ModelConfigError);
    expect(() => buildModel(tf, broken, { seed: 1 })).toThrow(
      /The model "broken" cannot be built:\n- Layer 1 \(conv\): Filters .*\n- Layer 2 \(dense\): Units/,
    );
  });
});

describe('predictDigits', () => {
  it('gives 10 probabilities an image, each row summing to 1, and leaves no tensors behind', async () => {
    const model = build(TUTORIAL_CNN);
    const count = 3;
    const pixels = Float32Array.from({ length: count * 784 }, (_, i) => (i % 29) / 29);
    const before = tf.memory().numTensors;
    const probabilities = await predictDigits(tf, model, pixels, count);
    expect(tf.memory().numTensors).toBe(before);
    expect(probabilities).toHaveLength(count * 10);
    for (let image = 0; image < count; image++) {
      const row = probabilities.subarray(image * 10, image * 10 + 10);
      expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });
});
