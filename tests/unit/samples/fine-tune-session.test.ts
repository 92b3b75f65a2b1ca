/**
 * The whole fine-tune session on the 'cpu' backend: a "new hand" (MNIST mirrored left to right)
 * split, scored before and after on its held-back samples and the fixed MNIST slice.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { buildModel } from '../../../src/lib/model/build';
import { DEFAULT_FINE_TUNE } from '../../../src/lib/samples/fine-tune-plan';
import { FineTuneError } from '../../../src/lib/samples/fine-tune';
import { changedReadings, FineTuneCheckError, MNIST_SLICE, runFineTuneSession, type SessionSample } from '../../../src/lib/samples/fine-tune-session';
import type { LabelledImages } from '../../../src/lib/train/evaluate';
import { train } from '../../../src/lib/train/trainer';
import { cpuTf } from '../model/tf-cpu';
import { realMnist, SMALL_CNN } from '../train/real-mnist';

const tf = await cpuTf();

function mirroredSamples(set: LabelledImages, from: number, count: number): SessionSample[] {
  return Array.from({ length: count }, (_, i) => {
    const pixels = new Uint8Array(784);
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) pixels[y * 28 + x] = set.pixels[(from + i) * 784 + y * 28 + (27 - x)]!;
    return { id: `s${i}`, digit: set.labels[from + i]!, pixels };
  });
}

describe('runFineTuneSession', () => {
  const data = realMnist(2000, MNIST_SLICE + 300);
  const mnist = { train: data.train, test: data.test };

  it('scores the held-back samples and the MNIST slice before and after, and names the digits that changed', { timeout: 180_000 }, async () => {
    const model = buildModel(tf, SMALL_CNN, { seed: 1 });
    await train(tf, model, data, { batchSize: 32, epochs: 1, peakLearningRate: 0.01, labelSmoothing: 0.1, augment: null, validationSize: 0, seed: 1 });
    const samples = mirroredSamples(data.test, MNIST_SLICE, 300);
    const tensors = tf.memory().numTensors;
    const report = await runFineTuneSession(tf, model, samples, mnist, { ...DEFAULT_FINE_TUNE, steps: 80, batchSize: 32, learningRate: 0.003, replayShare: 0.75, heldBackShare: 0.5 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(report.ownSamples).toBe(300);
    expect(report.trainedOn + report.heldBack.length).toBe(300);
    expect(report.heldBack.length).toBeGreaterThan(100);
    expect(report.mnistSlice).toBe(MNIST_SLICE);
    // The before and after figures are the readings listed, counted.
    const right = (key: 'before' | 'after') => report.heldBack.filter((r) => r[key] === r.digit).length / report.heldBack.length;
    expect(report.before.own).toBeCloseTo(right('before'), 10);
    expect(report.after.own).toBeCloseTo(right('after'), 10);
    expect(report.after.own).toBeGreaterThan(report.before.own + 0.1);
    expect(report.verdict).toBe(report.after.mnist < report.before.mnist - 0.02 ? 'forgot' : 'keep');
    // A kept model's figure on the whole test set, as My models shows it: counted here on its own.
    expect(report.verdict).toBe('keep');
    const answers = tf.tidy(() => {
      const images = tf.tensor4d(Float32Array.from(data.test.pixels, (v) => v / 255), [data.test.count, 28, 28, 1]);
      return (model.predict(images) as Tensor).argMax(-1).dataSync();
    });
    const correct = answers.filter((answer, i) => answer === data.test.labels[i]).length;
    expect(report.mnistTest).toBeCloseTo(correct / data.test.count, 10);
    const changed = changedReadings(report);
    expect(changed.fixed.length).toBeGreaterThan(changed.broken.length);
    expect([...changed.fixed, ...changed.broken, ...changed.other].every((r) => r.before !== r.after)).toBe(true);
    model.dispose();
  });

  it('refuses too few samples with how many are needed, before touching the model', async () => {
    const model = buildModel(tf, SMALL_CNN, { seed: 2 });
    const weights = model.getWeights().map((w) => w.arraySync());
    await expect(runFineTuneSession(tf, model, mirroredSamples(data.test, 0, 4), mnist, DEFAULT_FINE_TUNE)).rejects.toThrow(FineTuneCheckError);
    await expect(runFineTuneSession(tf, model, mirroredSamples(data.test, 0, 4), mnist, DEFAULT_FINE_TUNE)).rejects.toThrow(/needs at least 10/);
    expect(model.getWeights().map((w) => w.arraySync())).toEqual(weights);
    model.dispose();
  });

  it('stops with a sentence when the loss is not a number, leaving no tensors behind', { timeout: 60_000 }, async () => {
    const model = buildModel(tf, SMALL_CNN, { seed: 3 });
    // A diverged run, made certain: a weight that is not a number makes every loss NaN.
    const dense = model.layers.at(-1)!;
    const [kernel, bias] = dense.getWeights();
    const poisoned = tf.fill(kernel!.shape, Number.NaN);
    dense.setWeights([poisoned, bias!]);
    poisoned.dispose();
    const tensors = tf.memory().numTensors;
    const run = runFineTuneSession(tf, model, mirroredSamples(data.test, 0, 40), mnist, { ...DEFAULT_FINE_TUNE, steps: 20, batchSize: 16 });
    await expect(run).rejects.toThrow(FineTuneError);
    await expect(run).rejects.toThrow(/became NaN at step 1.*The model you had is kept/);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
});
