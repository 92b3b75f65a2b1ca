/**
 * A "new hand": MNIST digits mirrored left to right, which a model trained on MNIST reads
 * poorly. Fine-tuning on some of them (with MNIST replayed beside) must lift the held-back
 * mirrored digits while MNIST itself stays read about as well.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import { DEFAULT_FINE_TUNE } from '../../../src/lib/samples/fine-tune-plan';
import { fineTune, FineTuneError, layersToTrain } from '../../../src/lib/samples/fine-tune';
import { evaluate, type LabelledImages } from '../../../src/lib/train/evaluate';
import { train } from '../../../src/lib/train/trainer';
import { cpuTf } from '../model/tf-cpu';
import { realMnist, SMALL_CNN } from '../train/real-mnist';

const tf = await cpuTf();

function mirrored(set: LabelledImages, from: number, count: number): LabelledImages {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) {
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) pixels[i * 784 + y * 28 + x] = set.pixels[(from + i) * 784 + y * 28 + (27 - x)]!;
  }
  return { count, pixels, labels: set.labels.slice(from, from + count) };
}

describe('fine-tuning on a new hand', () => {
  it('lifts the held-back samples of that hand and keeps MNIST, with no tensors left behind', { timeout: 180_000 }, async () => {
    const data = realMnist(2000, 300);
    const model = buildModel(tf, SMALL_CNN, { seed: 1 });
    await train(tf, model, data, { batchSize: 32, epochs: 1, peakLearningRate: 0.01, labelSmoothing: 0.1, augment: null, validationSize: 0, seed: 1 });
    const own = mirrored(data.test, 0, 150);
    const heldBack = mirrored(data.test, 150, 150);
    const mnist: LabelledImages = { count: data.train.count, pixels: data.train.pixels, labels: data.train.labels };
    const mnistTest = { count: 300, pixels: data.test.pixels, labels: data.test.labels };
    const before = { own: await evaluate(tf, model, heldBack), mnist: await evaluate(tf, model, mnistTest) };

    const tensors = tf.memory().numTensors;
    const losses: number[] = [];
    const result = await fineTune(tf, model, own, mnist, { ...DEFAULT_FINE_TUNE, steps: 80, batchSize: 32, learningRate: 0.003, replayShare: 0.75 }, { onStep: (_, loss) => losses.push(loss) });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result).toMatchObject({ steps: 80, stopped: false });
    expect(losses).toHaveLength(80);

    const after = { own: await evaluate(tf, model, heldBack), mnist: await evaluate(tf, model, mnistTest) };
    expect(after.own.accuracy).toBeGreaterThan(before.own.accuracy + 0.1);
    expect(after.mnist.accuracy).toBeGreaterThan(before.mnist.accuracy - 0.05);
    model.dispose();
  });

  it('with "last" trains only the layers after the convolutions', async () => {
    const model = buildModel(tf, SMALL_CNN, { seed: 2 });
    expect(layersToTrain(model, 'last').map((l) => l.getClassName())).toEqual(['Dense']);
    expect(layersToTrain(model, 'all').map((l) => l.getClassName())).toEqual(['Conv2D', 'Dense']);
    const data = realMnist(200, 10);
    const set: LabelledImages = { count: 200, pixels: data.train.pixels, labels: data.train.labels };
    const convBefore = model.layers[0]!.getWeights().map((w) => w.arraySync());
    const denseBefore = model.layers.at(-1)!.getWeights()[0]!.arraySync();
    await fineTune(tf, model, set, set, { ...DEFAULT_FINE_TUNE, layers: 'last', steps: 3, batchSize: 16 });
    expect(model.layers[0]!.getWeights().map((w) => w.arraySync())).toEqual(convBefore);
    expect(model.layers.at(-1)!.getWeights()[0]!.arraySync()).not.toEqual(denseBefore);
    model.dispose();
  });

  it('stops with a sentence when the loss blows up', async () => {
    const model = buildModel(tf, SMALL_CNN, { seed: 3 });
    const data = realMnist(200, 10);
    const set: LabelledImages = { count: 200, pixels: data.train.pixels, labels: data.train.labels };
    const tensors = tf.memory().numTensors;
    await expect(fineTune(tf, model, set, set, { ...DEFAULT_FINE_TUNE, steps: 40, batchSize: 16, learningRate: 1e6 })).rejects.toThrow(FineTuneError);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
});
