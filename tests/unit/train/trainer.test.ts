import type { LayersModel } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import type { ModelConfig } from '../../../src/lib/model/config';
import type { TrainOptions } from '../../../src/lib/train/options';
import { TrainOptionsError } from '../../../src/lib/train/options';
import { oneCycle } from '../../../src/lib/train/schedule';
import { train, TrainingError, type BatchReport, type ValidationReport } from '../../../src/lib/train/trainer';
import { cpuTf } from '../model/tf-cpu';
import { realMnist } from './real-mnist';

const tf = await cpuTf();

/**
 * Every kind of trainable layer the trainer must handle (conv, batch norm's moving averages,
 * dense), kept tiny: the 'cpu' backend's conv filter gradient is slow (see learning.test.ts).
 */
const TINY: ModelConfig = {
  name: 'tiny',
  layers: [
    { type: 'conv', filters: 2, kernelSize: 3, strides: 2, useBias: false },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};
const data = realMnist(200, 50);
const options: TrainOptions = {
  batchSize: 8,
  epochs: 1,
  peakLearningRate: 0.01,
  labelSmoothing: 0.1,
  augment: { maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1 },
  validationSize: 40,
  seed: 7,
};

/** Trains a fresh tiny model, then disposes it; returns what the callbacks saw. */
async function run(overrides: Partial<TrainOptions>, stopAfter = Infinity, modelSeed = 1) {
  const model = buildModel(tf, TINY, { seed: modelSeed });
  const seen = { batches: [] as BatchReport[], epochs: [] as ValidationReport[], validations: [] as ValidationReport[] };
  try {
    const result = await train(tf, model, data, { ...options, ...overrides }, {
      onBatch: (report) => seen.batches.push(report),
      onEpoch: (report) => seen.epochs.push(report),
      onValidation: (report) => seen.validations.push(report),
      shouldStop: () => (seen.batches.at(-1)?.step ?? 0) >= stopAfter,
    });
    return { ...seen, result, weights: trainableValues(model) };
  } finally {
    model.dispose();
  }
}

function trainableValues(model: LayersModel): number[] {
  return model.trainableWeights.flatMap((weight) => Array.from(weight.read().dataSync()));
}

describe('train: reports', () => {
  it('reports every reportEvery steps and at the end, with the scheduled learning rate', async () => {
    const { batches, epochs, result } = await run({ maxSteps: 5, reportEvery: 2 });
    expect(batches.map((report) => report.step)).toEqual([2, 4, 5]);
    const schedule = oneCycle({ peak: 0.01, totalSteps: 5 });
    for (const report of batches) {
      expect(report).toMatchObject({ totalSteps: 5, epoch: 1, learningRate: schedule(report.step - 1) });
      expect(report.loss).toBeGreaterThan(0);
      expect(report.accuracy).toBeGreaterThanOrEqual(0);
      expect(report.accuracy).toBeLessThanOrEqual(1);
      expect(report.imagesPerSecond).toBeGreaterThan(0);
    }
    // maxSteps ends the run inside the first epoch; that partial epoch is still validated.
    expect(epochs).toHaveLength(1);
    expect(epochs[0]).toMatchObject({ step: 5, epoch: 1 });
    expect(epochs[0]!.validationLoss).toBeGreaterThan(0);
    expect(epochs[0]!.validationAccuracy).toBeGreaterThanOrEqual(0);
    expect(result).toEqual({ steps: 5, totalSteps: 5, stopped: false, lastReport: batches.at(-1), validation: epochs[0] });
  });

  it('runs whole epochs, validating after each', async () => {
    // 60 images, 20 set aside: 40 to train on in batches of 16 is 3 steps an epoch.
    const small = { validationSize: 20, batchSize: 16, epochs: 2 };
    const smallData = realMnist(60, 10);
    const model = buildModel(tf, TINY, { seed: 1 });
    const batches: BatchReport[] = [];
    const epochs: ValidationReport[] = [];
    const result = await train(tf, model, smallData, { ...options, ...small }, {
      onBatch: (report) => batches.push(report),
      onEpoch: (report) => epochs.push(report),
    });
    model.dispose();
    expect(result).toMatchObject({ steps: 6, totalSteps: 6, stopped: false });
    expect(batches.map((report) => [report.epoch, report.step])).toEqual([[1, 3], [2, 6]]);
    expect(epochs.map((report) => [report.epoch, report.step])).toEqual([[1, 3], [2, 6]]);
  });

  it('validates every evaluateEvery steps as well', async () => {
    const { validations } = await run({ maxSteps: 5, evaluateEvery: 2 });
    expect(validations.map((report) => report.step)).toEqual([2, 4]);
  });

  it('does not validate the last step twice: the epoch’s own validation covers it', async () => {
    const { validations, epochs } = await run({ maxSteps: 6, evaluateEvery: 3 });
    expect(validations.map((report) => report.step)).toEqual([3]);
    expect(epochs.map((report) => report.step)).toEqual([6]);
  });

  it('reports no validation when no images are set aside', async () => {
    const { epochs } = await run({ maxSteps: 2, validationSize: 0 });
    expect(epochs).toEqual([{ step: 2, epoch: 1, validationLoss: null, validationAccuracy: null }]);
  });

  it('stops when asked, between steps, without validating', async () => {
    const { batches, epochs, result } = await run({ maxSteps: 20, reportEvery: 3 }, 3);
    expect(result).toMatchObject({ steps: 3, totalSteps: 20, stopped: true, validation: null });
    expect(batches.map((report) => report.step)).toEqual([3]);
    expect(epochs).toEqual([]);
  });
});

describe('train: the weights', () => {
  it('repeats exactly for the same seeds, augmentation included', async () => {
    const first = await run({ maxSteps: 3 });
    const again = await run({ maxSteps: 3 });
    const otherSeed = await run({ maxSteps: 3, seed: 8 });
    expect(again.weights).toEqual(first.weights);
    expect(otherSeed.weights).not.toEqual(first.weights);
  });

  it('moves them by about the learning rate, so the schedule reaches the optimizer', async () => {
    const model = buildModel(tf, TINY, { seed: 1 });
    const initial = trainableValues(model);
    model.dispose();
    const largestChange = (weights: number[]) => Math.max(...weights.map((value, i) => Math.abs(value - initial[i]!)));
    // Adam moves each weight by at most about the learning rate per step.
    expect(largestChange((await run({ maxSteps: 3, peakLearningRate: 1e-7 })).weights)).toBeLessThan(1e-6);
    expect(largestChange((await run({ maxSteps: 3, peakLearningRate: 0.01 })).weights)).toBeGreaterThan(1e-3);
  });
});

describe('train: batch norm', () => {
  it('updates the moving averages during training, though the optimizer does not touch them', async () => {
    const model = buildModel(tf, TINY, { seed: 1 });
    // A batchNorm layer's weights: gamma, beta, moving mean, moving variance.
    const movingMean = () => Array.from(model.getLayer('batchNorm2').getWeights()[2]!.dataSync());
    expect(movingMean()).toEqual([0, 0]);
    await train(tf, model, data, { ...options, maxSteps: 3, peakLearningRate: 1e-7 });
    expect(movingMean().every((mean) => mean !== 0)).toBe(true);
    model.dispose();
  });
});

describe('train: memory', () => {
  it('frees every tensor it makes: the count does not grow with the number of steps', async () => {
    const model = buildModel(tf, TINY, { seed: 1 });
    const before = tf.memory().numTensors;
    // Adam keeps two numbers for the whole run (β1ᵗ, β2ᵗ) and two moments per trainable weight.
    const optimizerVariables = 2 + 2 * model.trainableWeights.length;
    for (const maxSteps of [5, 15]) {
      const during: number[] = [];
      await train(tf, model, data, { ...options, maxSteps, reportEvery: 5, evaluateEvery: 5 }, {
        onBatch: () => during.push(tf.memory().numTensors),
      });
      expect(during).toEqual(new Array<number>(maxSteps / 5).fill(before + optimizerVariables));
      expect(tf.memory().numTensors).toBe(before);
    }
    model.dispose();
  });
});

describe('train: failures', () => {
  it('stops with a clear message when the loss becomes NaN, and still frees its tensors', async () => {
    const model = buildModel(tf, TINY, { seed: 1 });
    const poisoned = model.getWeights().map((weight) => tf.fill(weight.shape, NaN));
    model.setWeights(poisoned);
    tf.dispose(poisoned);
    const before = tf.memory().numTensors;
    const training = train(tf, model, data, { ...options, maxSteps: 4 });
    await expect(training).rejects.toThrow(TrainingError);
    await expect(training).rejects.toThrow(/^The loss became NaN at step 1: .*The learning rate is too high for this network \(the peak was 0.01\)/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses absurd options before the first step, listing each problem', async () => {
    const model = buildModel(tf, TINY, { seed: 1 });
    const before = { tensors: tf.memory().numTensors, weights: trainableValues(model) };
    const absurd = { ...options, batchSize: 0, peakLearningRate: 50, epochs: 0 };
    const training = train(tf, model, data, absurd);
    await expect(training).rejects.toThrow(TrainOptionsError);
    await expect(training).rejects.toThrow(
      /batchSize must be a whole number from 1 to 4096, got 0\n- epochs must be a whole number from 1 to 100, got 0\n- peakLearningRate must be above 0 and at most 10/,
    );
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(trainableValues(model)).toEqual(before.weights);
    model.dispose();
  });
});
