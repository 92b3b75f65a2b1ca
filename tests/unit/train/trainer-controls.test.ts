import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import type { ModelConfig } from '../../../src/lib/model/config';
import type { TrainOptions } from '../../../src/lib/train/options';
import { shareOf, train, TrainingError } from '../../../src/lib/train/trainer';
import { cpuTf } from '../model/tf-cpu';
import { realMnist } from './real-mnist';

const tf = await cpuTf();

const SMALL: ModelConfig = { name: 'small', layers: [{ type: 'flatten' }, { type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dense', units: 10 }] };
const data = realMnist(200, 50);
const options: TrainOptions = { batchSize: 8, epochs: 1, peakLearningRate: 0.01, labelSmoothing: 0.1, augment: null, validationSize: 40, seed: 3, reportEvery: 2 };

async function weightsAfter(overrides: Partial<TrainOptions>, callbacks: Parameters<typeof train>[4] = {}) {
  const model = buildModel(tf, SMALL, { seed: 1 });
  try {
    const result = await train(tf, model, data, { ...options, ...overrides }, callbacks);
    return { result, weights: model.trainableWeights.flatMap((w) => Array.from(w.read().dataSync())) };
  } finally {
    model.dispose();
  }
}

describe('train: controls', () => {
  it('a pause in the middle changes nothing: the same weights as a run that never paused, for each optimizer', async () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      const straight = await weightsAfter({ optimizer });
      let step = 0;
      let paused = 0;
      const held = await weightsAfter(
        { optimizer },
        {
          onBatch: (report) => (step = report.step),
          whilePaused: () => (step === 6 && paused++ === 0 ? new Promise((resolve) => setTimeout(resolve, 20)) : undefined),
        },
      );
      expect(paused).toBeGreaterThan(0);
      expect(held.weights).toEqual(straight.weights);
      expect(held.result.steps).toBe(straight.result.steps);
    }
  });

  it('the optimizers and schedules give different runs, and none leaks a tensor', async () => {
    const before = tf.memory().numTensors;
    const runs = await Promise.all([
      weightsAfter({ optimizer: 'sgd', peakLearningRate: 0.1 }),
      weightsAfter({ optimizer: 'momentum', peakLearningRate: 0.05 }),
      weightsAfter({ optimizer: 'adam' }),
      weightsAfter({ optimizer: 'adam', schedule: 'constant' }),
    ]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.weights).not.toEqual(runs[0]!.weights);
    expect(runs[3]!.weights).not.toEqual(runs[2]!.weights);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a share of the training set makes fewer steps per epoch', async () => {
    const half = await weightsAfter({ trainingShare: 0.5 });
    expect(half.result.totalSteps).toBe(Math.ceil(80 / 8)); // 200 − 40 validation = 160 images, half of them
    const subset = shareOf(Uint32Array.from({ length: 100 }, (_, i) => i), 0.1, 5);
    expect(subset).toHaveLength(10);
    expect([...subset]).toEqual([...subset].sort((a, b) => a - b));
  });

  it('a run whose loss explodes stops with the divergence named, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const error = await weightsAfter({ optimizer: 'sgd', peakLearningRate: 10, schedule: 'constant', epochs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).divergence?.kind).toMatch(/nan|explosion|chance/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
