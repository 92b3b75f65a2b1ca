import type { Tensor } from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import { TUTORIAL_CNN } from '../../../src/lib/model/presets';
import { evaluate } from '../../../src/lib/train/evaluate';
import { toUnitRange } from '../../../src/lib/train/input';
import { cpuTf } from '../model/tf-cpu';
import { realMnist } from './real-mnist';

const tf = await cpuTf();
const test = realMnist(10, 60).test;
const model = buildModel(tf, TUTORIAL_CNN, { seed: 3 });
afterAll(() => model.dispose());

describe('evaluate', () => {
  it('gives the mean cross-entropy and accuracy of the whole set, as one big batch would', async () => {
    const result = await evaluate(tf, model, test, { batchSize: 7 });
    const [loss, accuracy] = tf.tidy(() => {
      const logits = model.predict(tf.tensor4d(toUnitRange(test.pixels), [test.count, 28, 28, 1])) as Tensor;
      const labels = tf.tensor1d(Int32Array.from(test.labels), 'int32');
      return [
        tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits),
        tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')),
      ];
    });
    expect(result.loss).toBeCloseTo(loss!.dataSync()[0]!, 5);
    expect(result.accuracy).toBeCloseTo(accuracy!.dataSync()[0]!, 6);
    tf.dispose([loss!, accuracy!]);
    expect(result.confusion).toBeUndefined();
  });

  it('does not depend on the batch size', async () => {
    const small = await evaluate(tf, model, test, { batchSize: 1 });
    const large = await evaluate(tf, model, test, { batchSize: 1000 });
    expect(small.loss).toBeCloseTo(large.loss, 5);
    expect(small.accuracy).toBe(large.accuracy);
  });

  it('counts each digit’s answers in the confusion matrix', async () => {
    const { accuracy, confusion } = await evaluate(tf, model, test, { confusion: true });
    expect(confusion).toHaveLength(10);
    const labelCounts = Array.from({ length: 10 }, (_, digit) => test.labels.filter((label) => label === digit).length);
    expect(confusion!.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(labelCounts);
    const diagonal = confusion!.reduce((sum, row, digit) => sum + row[digit]!, 0);
    expect(diagonal).toBe(Math.round(accuracy * test.count));
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await evaluate(tf, model, test, { batchSize: 16, confusion: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an empty set or a batch size below 1', async () => {
    const empty = { count: 0, pixels: new Uint8Array(0), labels: new Uint8Array(0) };
    await expect(evaluate(tf, model, empty)).rejects.toThrow('evaluate: there are no images to evaluate on');
    await expect(evaluate(tf, model, test, { batchSize: 0 })).rejects.toThrow(/batchSize must be a whole number from 1, got 0/);
  });
});
