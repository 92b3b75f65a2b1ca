import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import type { ModelConfig } from '../../../src/lib/model/config';
import { interruptedText, readCheckpoint, restoreCheckpoint, takeCheckpoint, type Checkpoint } from '../../../src/lib/train/checkpoint';
import type { TrainOptions } from '../../../src/lib/train/options';
import { train } from '../../../src/lib/train/trainer';
import { cpuTf } from '../model/tf-cpu';
import { realMnist } from './real-mnist';

const tf = await cpuTf();

// Batch norm too: its moving averages are weights a checkpoint must carry though nothing trains them.
const SMALL: ModelConfig = {
  name: 'small',
  layers: [{ type: 'conv', filters: 2, kernelSize: 3, strides: 2, useBias: false }, { type: 'batchNorm' }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10 }],
};
const data = realMnist(120, 20);
const base: TrainOptions = {
  batchSize: 16,
  epochs: 3,
  peakLearningRate: 0.01,
  labelSmoothing: 0.1,
  augment: { maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1 },
  validationSize: 20,
  seed: 5,
};

const values = (model: ReturnType<typeof buildModel>) => model.weights.flatMap((w) => Array.from(w.read().dataSync()));

describe('checkpoints', () => {
  for (const optimizer of ['adam', 'momentum', 'sgd'] as const) {
    it(`${optimizer}: a run resumed from its epoch-1 checkpoint ends where the uninterrupted run ends`, async () => {
      const options = { ...base, optimizer, peakLearningRate: optimizer === 'adam' ? 0.01 : 0.05 };
      const straight = buildModel(tf, SMALL, { seed: 1 });
      await train(tf, straight, data, options);
      const expected = values(straight);
      straight.dispose();

      // The run that is interrupted after epoch 1: its checkpoint goes through structured clone, as into IndexedDB.
      const before = tf.memory().numTensors;
      const first = buildModel(tf, SMALL, { seed: 1 });
      let checkpoint: Checkpoint | undefined;
      await train(tf, first, data, options, {
        shouldStop: () => checkpoint !== undefined,
        onEpochEnd: async (state) => {
          checkpoint ??= structuredClone(
            await takeCheckpoint(first, state, { runId: 'r', request: { options } as Checkpoint['request'], totalSteps: 18, curves: { batches: [], validations: [] } }),
          );
        },
      });
      first.dispose();
      expect(checkpoint).toMatchObject({ epochsDone: 1, step: 7 }); // 100 training images / 16
      expect(checkpoint!.augmentDraws).toBeGreaterThan(0);
      // The iteration count, then per trainable weight (5 here) Adam's two moments or momentum's one.
      expect(checkpoint!.optimizer.length).toBe(optimizer === 'sgd' ? 1 : optimizer === 'adam' ? 1 + 2 * 5 : 1 + 5);

      const resumed = buildModel(tf, SMALL, { seed: 99 }); // other first weights: the checkpoint must overwrite all of them
      const start = restoreCheckpoint(tf, resumed, readCheckpoint(checkpoint)!);
      const result = await train(tf, resumed, data, options, {}, start);
      start.dispose();
      expect(result.steps).toBe(21);
      const got = values(resumed);
      resumed.dispose();
      expect(got.length).toBe(expected.length);
      got.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('refuses what is not a checkpoint of this version, and says where the run was', () => {
    expect(readCheckpoint(null)).toBeUndefined();
    expect(readCheckpoint({ version: 0 })).toBeUndefined();
    const checkpoint = {
      version: 1,
      runId: 'r',
      request: { model: { name: 'Tutorial CNN', layers: [] }, options: { ...base } },
      epochsDone: 1,
      step: 6,
      totalSteps: 18,
      augmentDraws: 3,
      weights: [{ name: 'w', shape: [1], values: new Float32Array(1) }],
      optimizer: [],
      curves: { batches: [], validations: [] },
      savedAt: 0,
    } as unknown as Checkpoint;
    expect(readCheckpoint(checkpoint)).toBe(checkpoint);
    expect(interruptedText(checkpoint)).toBe('A run of Tutorial CNN was interrupted at epoch 2 of 3 (step 6 of 18; epoch 1 is saved).');
  });
});
