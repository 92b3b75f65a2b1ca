import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeGradientLoops } from '../../../src/lib/kernels/gradient-kernels';
import { BATCH_NORM_GRAD, BATCH_NORM_POOL_FORWARD, BATCH_NORM_POOL_GRAD, MAX_POOL_RELU_BIAS_GRAD, MOVING_AVERAGES, RELU_BIAS_GRAD } from '../../../src/lib/kernels/kernel-names';
import { fusedLayerCount, fusedTrainingAvailable, fusedTrainingLogits } from '../../../src/lib/kernels/fused-training';
import { channelSums, reluBiasGradient } from '../../../src/lib/kernels/js-gradient-loops';
import type { SimdUsage } from '../../../src/lib/kernels/simd-gradient-loops';
import { buildModel } from '../../../src/lib/model/build';
import { logitsOf } from '../../../src/lib/model/predict';
import { MODEL_PRESETS } from '../../../src/lib/model/presets';
import { expectClose, KERNEL_LOOPS, randomArray, seededRandom, useWasmWithOurKernels } from './backend-comparison';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/**
 * Every case the fused ops take: ReLU or not, bias or not, 'same' and strides, a conv with a
 * ReLU and a max pool after it (9×9 pooled to 4×4: a row and a column in no window), a dense
 * layer on a rank-2 input.
 */
function mixedModel(denseBatchNorm = true): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [11, 11, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 5, kernelSize: [2, 3], strides: 2, padding: 'same', useBias: false, kernelInitializer: init(2) }),
      tf.layers.batchNormalization({ momentum: 0.9 }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'linear', biasInitializer: 'ones', kernelInitializer: init(3) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 7, activation: 'relu', kernelInitializer: init(4), biasInitializer: tf.initializers.constant({ value: 0.05 }) }),
      // A batch norm over [batch, units] (its gradient is degenerate for one image: only for batch ≥ 2).
      ...(denseBatchNorm ? [tf.layers.batchNormalization({ gammaInitializer: tf.initializers.constant({ value: 1.5 }), betaInitializer: 'ones' })] : []),
      tf.layers.dense({ units: 10, useBias: false, kernelInitializer: init(5) }),
    ],
  });
}

interface StepResult {
  loss: number;
  gradients: Float32Array[];
}

/** Loss and gradients of a softmax cross-entropy on one seeded batch, with the model's forward in training mode. */
function lossAndGradients(model: tf.LayersModel, forward: (x: tf.Tensor4D) => tf.Tensor, batch: number): StepResult {
  const [, height, width] = model.inputs[0]!.shape as number[];
  const random = seededRandom(batch);
  const x = tf.tensor4d(randomArray(batch * height! * width!, random).map((v) => (v + 1) / 2), [batch, height!, width!, 1]);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7) % 10), 'int32'), 10);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, forward(x) as tf.Tensor2D) as tf.Scalar, variables);
  const result = { loss: value.dataSync()[0]!, gradients: variables.map((v) => grads[v.name]!.dataSync() as Float32Array) };
  tf.dispose([x, labels, value, ...Object.values(grads)]);
  return result;
}

/**
 * Every array within 1e-4 of the largest value in any of them. Per array would be too strict:
 * a bias right before a batch norm has a gradient of exactly zero in theory (the norm removes
 * any shift that is the same for the whole batch), so both sides hold only rounding noise.
 */
function expectAllClose(actual: Float32Array[], expected: Float32Array[], label: string): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map((values) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  actual.forEach((values, i) => {
    const worst = values.reduce((m, v, j) => Math.max(m, Math.abs(v - expected[i]![j]!)), 0);
    expect(worst, `${label}: array ${i}`).toBeLessThanOrEqual(1e-4 * scale);
  });
}

function expectSameStep(actual: StepResult, expected: StepResult, label: string): void {
  expect(Math.abs(actual.loss - expected.loss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected.loss)));
  expectAllClose(actual.gradients, expected.gradients, label);
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the SIMD channel sums', () => {
  beforeAll(() => useWasmWithOurKernels('in-place'));

  it('agree with the JS loops on odd shapes (channels not a multiple of 4, rows around a block)', () => {
    const loops = activeGradientLoops();
    const random = seededRandom(5);
    for (const channels of [1, 3, 4, 5, 12, 17, 20, 33, 128]) {
      for (const rows of [1, 63, 64, 65, 300]) {
        // The wasm heap: the SIMD loops run only on views of the backend's memory.
        const [x, y] = [tf.tensor(randomArray(rows * channels, random)), tf.tensor(randomArray(rows * channels, random))];
        const xs = x.dataSync() as Float32Array;
        const ys = y.dataSync() as Float32Array;
        const expectedSums = new Float32Array(channels);
        channelSums(xs, rows, channels, expectedSums);
        const expectedDz = new Float32Array(rows * channels);
        const expectedDb = new Float32Array(channels);
        reluBiasGradient(ys, xs, rows, channels, expectedDz, expectedDb);
        const sums = tf.sum(tf.reshape(x, [rows, channels]), 0);
        const [dz, db] = tf.engine().runKernel(RELU_BIAS_GRAD, { y: tf.reshape(y, [rows, channels]), dy: tf.reshape(x, [rows, channels]) }, {}) as tf.Tensor[];
        expectClose(sums.dataSync() as Float32Array, expectedSums, `sums ${rows}x${channels}`);
        expect(Array.from(dz!.dataSync())).toEqual(Array.from(expectedDz));
        expectClose(db!.dataSync() as Float32Array, expectedDb, `db ${rows}x${channels}`);
        tf.dispose([x, y, sums, dz!, db!]);
      }
    }
  });

  it('keep long columns exact to float32 (float64 totals)', () => {
    const rows = 100_000;
    const values = new Float32Array(rows * 4).fill(0.1);
    const x = tf.tensor2d(values, [rows, 4]);
    const sums = tf.sum(x, 0);
    const expected = Math.fround(rows * Math.fround(0.1));
    for (const s of sums.dataSync()) expect(Math.abs(s - expected)).toBeLessThan(1e-6 * expected);
    tf.dispose([x, sums]);
  });
});

describe.each(KERNEL_LOOPS)('the fused training forward (%s loops)', (loops) => {
  let usage: SimdUsage;
  beforeAll(async () => {
    usage = await useWasmWithOurKernels(loops);
  });

  it('gives model.apply’s loss and gradients on wasm and on cpu, for every layer kind it fuses', async () => {
    expect(fusedTrainingAvailable(tf)).toBe(true);
    for (const [batch, denseBatchNorm] of [[1, false], [2, true], [3, true], [16, true]] as const) {
    const model = mixedModel(denseBatchNorm);
    expect(fusedLayerCount(model)).toBe(denseBatchNorm ? 7 : 6);
    const initial = model.getWeights().map((w) => w.clone());
    {
      const fused = lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      // Batch norm's moving averages moved as tfjs-layers moves them.
      const averagesFused = model.weights.map((w) => w.read().dataSync() as Float32Array);
      model.setWeights(initial);
      const stock = lossAndGradients(model, (x) => model.apply(x, { training: true }) as tf.Tensor, batch);
      expectAllClose(averagesFused, model.weights.map((w) => w.read().dataSync() as Float32Array), `weights after batch ${batch}`);
      expectSameStep(fused, stock, `wasm, batch ${batch}`);
      await tf.setBackend('cpu');
      expect(fusedTrainingAvailable(tf)).toBe(false);
      const onCpu = lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      await tf.setBackend('wasm');
      expectSameStep(fused, onCpu, `cpu, batch ${batch}`);
    }
    tf.dispose(initial);
    model.dispose();
    }
  });

  it('gives model.apply’s loss and gradients for a conv without a bias, 6 channels, and a 3×3 pool after it', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 13, 1], filters: 6, kernelSize: 3, activation: 'relu', useBias: false, kernelInitializer: init(6) }),
        tf.layers.maxPooling2d({ poolSize: 3 }),
        tf.layers.conv2d({ filters: 4, kernelSize: 2, activation: 'relu', padding: 'same', kernelInitializer: init(7) }),
        tf.layers.maxPooling2d({ poolSize: [2, 1] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, kernelInitializer: init(8) }),
      ],
    });
    expect(fusedLayerCount(model)).toBe(3);
    for (const batch of [1, 5]) {
      const profile = await tf.profile(() => {
        lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      });
      expect(profile.kernels.filter((kernel) => kernel.name === MAX_POOL_RELU_BIAS_GRAD).length).toBe(2);
      expect(profile.kernelNames).not.toContain('MaxPoolGrad');
      const fused = lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      expectSameStep(fused, lossAndGradients(model, (x) => model.apply(x, { training: true }) as tf.Tensor, batch), `wasm, batch ${batch}`);
      await tf.setBackend('cpu');
      const onCpu = lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      await tf.setBackend('wasm');
      expectSameStep(fused, onCpu, `cpu, batch ${batch}`);
    }
    model.dispose();
  });

  it('moves the moving averages in one op to exactly the floats of tfjs-layers’ Sub, Mul and Sub', async () => {
    const random = seededRandom(404);
    const values = Array.from({ length: 4 }, () => randomArray(37, random).map((v) => v * 5));
    for (const momentum of [0.99, 0.9, 0.1]) {
      const [movingMean, movingVariance, mean, variance] = values.map((v) => tf.tensor1d(v));
      const fused = tf.engine().runKernel(MOVING_AVERAGES, { movingMean: movingMean!, movingVariance: movingVariance!, mean: mean!, variance: variance! }, { decay: 1 - momentum } as never) as tf.Tensor[];
      const got = fused.map((t) => t.dataSync() as Float32Array);
      await tf.setBackend('cpu');
      const expected = [[values[0]!, values[2]!], [values[1]!, values[3]!]].map(([average, value]) =>
        tf.tidy(() => {
          const current = tf.tensor1d(average!);
          return tf.sub(current, tf.mul(tf.sub(current, tf.tensor1d(value!)), 1 - momentum)).dataSync() as Float32Array;
        }),
      );
      await tf.setBackend('wasm');
      expect(got[0], `moving mean, momentum ${momentum}`).toEqual(expected[0]);
      expect(got[1], `moving variance, momentum ${momentum}`).toEqual(expected[1]);
      tf.dispose([movingMean!, movingVariance!, mean!, variance!, ...fused]);
    }
  });

  it('gives model.apply’s loss and gradients through batch norm + ReLU + pool: rows and columns in no window, channels not in fours, batch 1', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [9, 11, 1], filters: 6, kernelSize: 2, useBias: false, kernelInitializer: init(9) }),
        tf.layers.batchNormalization({ momentum: 0.8, gammaInitializer: tf.initializers.constant({ value: 1.3 }), betaInitializer: tf.initializers.constant({ value: 0.1 }) }),
        tf.layers.reLU(),
        tf.layers.maxPooling2d({ poolSize: 3 }), // 8×10 → 2×3: two rows and a column in no window
        tf.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false, kernelInitializer: init(10) }),
        tf.layers.batchNormalization({}),
        tf.layers.activation({ activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: [2, 1] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, kernelInitializer: init(11) }),
      ],
    });
    expect(fusedLayerCount(model)).toBe(5);
    const initial = model.getWeights().map((w) => w.clone());
    for (const batch of [1, 3, 7]) {
      const profile = await tf.profile(() => {
        lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      });
      expect(profile.kernels.filter((kernel) => kernel.name === BATCH_NORM_POOL_GRAD).length).toBe(2);
      expect(profile.kernelNames).not.toContain('MaxPoolGrad');
      expect(profile.kernelNames).not.toContain('MaxPool');
      model.setWeights(initial);
      const fused = lossAndGradients(model, (x) => logitsOf(tf, model, x, true), batch);
      const averagesFused = model.weights.map((w) => w.read().dataSync() as Float32Array);
      model.setWeights(initial);
      const stock = lossAndGradients(model, (x) => model.apply(x, { training: true }) as tf.Tensor, batch);
      expectAllClose(averagesFused, model.weights.map((w) => w.read().dataSync() as Float32Array), `moving averages after batch ${batch}`);
      expectSameStep(fused, stock, `wasm, batch ${batch}`);
      await tf.setBackend('cpu');
      model.setWeights(initial);
      const onCpu = lossAndGradients(model, (x) => model.apply(x, { training: true }) as tf.Tensor, batch);
      await tf.setBackend('wasm');
      expectSameStep(fused, onCpu, `cpu, batch ${batch}`);
    }
    tf.dispose(initial);
    model.dispose();
  });

  it('runs the presets through one fused kernel per ReLU, without TF.js’s Relu, Step and bias Add', async () => {
    for (const preset of ['tutorial', 'default', 'batchNorm'] as const) {
      const model = buildModel(tf, MODEL_PRESETS[preset], { seed: 3 });
      const specs = MODEL_PRESETS[preset].layers;
      const layers = specs.filter((layer) => ['conv', 'dense', 'batchNorm'].includes(layer.type)).length;
      expect(fusedLayerCount(model)).toBe(layers);
      const profile = await tf.profile(() => {
        lossAndGradients(model, (x) => logitsOf(tf, model, x, true), 4);
      });
      const reluLayers = specs.filter((layer) => 'activation' in layer && layer.activation === 'relu').length;
      // A conv with a ReLU and a 2×2 pool right after it: pool, ReLU and bias gradients in one kernel.
      const convPools = specs.filter((layer, i) => layer.type === 'conv' && layer.activation === 'relu' && specs[i + 1]?.type === 'maxPool').length;
      const pools = specs.filter((layer) => layer.type === 'maxPool').length;
      const count = (name: string) => profile.kernels.filter((kernel) => kernel.name === name).length;
      // A batch norm, its ReLU and a 2×2 pool: one kernel forward and one back.
      const normPools = specs.filter((layer, i) => layer.type === 'batchNorm' && specs[i + 1]?.type === 'relu' && specs[i + 2]?.type === 'maxPool').length;
      expect(count(MAX_POOL_RELU_BIAS_GRAD)).toBe(convPools);
      expect(count(RELU_BIAS_GRAD)).toBe(reluLayers - convPools);
      expect(count('MaxPoolGrad')).toBe(pools - convPools - normPools);
      if (preset !== 'batchNorm') expect(convPools).toBeGreaterThan(0);
      else expect(normPools).toBe(3);
      const batchNorms = MODEL_PRESETS[preset].layers.filter((layer) => layer.type === 'batchNorm').length;
      expect(count(BATCH_NORM_GRAD)).toBe(batchNorms - normPools);
      expect(count(BATCH_NORM_POOL_GRAD)).toBe(normPools);
      expect(count(BATCH_NORM_POOL_FORWARD)).toBe(normPools);
      for (const stock of ['Relu', 'Step', 'Conv2D', 'FusedBatchNorm', 'Mean']) expect(profile.kernelNames).not.toContain(stock);
      const before = { ...usage };
      const fused = lossAndGradients(model, (x) => logitsOf(tf, model, x, true), 8);
      // On the backend's own memory every loop of the step is SIMD (none fell back to JS).
      if (loops !== 'js') {
        expect(usage.simd).toBeGreaterThan(before.simd);
        expect(usage.js).toBe(before.js);
      }
      const stock = lossAndGradients(model, (x) => model.apply(x, { training: true }) as tf.Tensor, 8);
      expectSameStep(fused, stock, preset);
      model.dispose();
    }
  });

  it('leaves no tensor behind, step after step', () => {
    const model = buildModel(tf, MODEL_PRESETS.default, { seed: 4 });
    const optimizer = tf.train.adam(0.001);
    const x = tf.randomUniform([8, 28, 28, 1]) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const step = () => tf.tidy(() => void optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, logitsOf(tf, model, x, true)) as tf.Scalar));
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, labels]);
    optimizer.dispose();
    model.dispose();
  });

  it('leaves models that are not a chain, or have nothing to fuse, to model.apply', () => {
    const input = tf.input({ shape: [6, 6, 1] });
    const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const branched = tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    const images = tf.zeros([2, 6, 6, 1]);
    expect(fusedTrainingLogits(tf, branched, images)).toBeNull();
    const unfusable = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [6, 6, 1] }), tf.layers.dense({ units: 10, activation: 'tanh' })] });
    expect(fusedLayerCount(unfusable)).toBe(0);
    expect(fusedTrainingLogits(tf, unfusable, images)).toBeNull();
    tf.dispose(images);
    branched.dispose();
    unfusable.dispose();
  });
});
