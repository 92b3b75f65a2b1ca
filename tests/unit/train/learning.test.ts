/**
 * The one test that must really learn: on real MNIST, one epoch over 2,000 images lifts a
 * fresh network from chance (10%) to well above 70% on 500 test images it never saw.
 *
 * Not the tutorial CNN: the 'cpu' backend's filter gradient (Conv2DBackpropFilter) reads
 * every value through TensorBuffer.get and costs about 5 s a step of 64 for that network
 * here, so one epoch of 2,000 images would take over three minutes. One strided 5×5 conv
 * layer with 4 filters exercises the same path (conv → relu → flatten → dense, Adam,
 * one-cycle, label smoothing) in about 10 s. Once the wasm gradient kernels land, this can
 * train the tutorial CNN on 'wasm' instead.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import { evaluate } from '../../../src/lib/train/evaluate';
import { train } from '../../../src/lib/train/trainer';
import { cpuTf } from '../model/tf-cpu';
import { realMnist, SMALL_CNN } from './real-mnist';

const tf = await cpuTf();


describe('training on real MNIST', () => {
  it('one epoch over 2,000 images reaches well above chance on 500 test images', { timeout: 120_000 }, async () => {
    const data = realMnist(2000, 500);
    const model = buildModel(tf, SMALL_CNN, { seed: 1 });
    const before = await evaluate(tf, model, data.test);
    const result = await train(tf, model, data, {
      batchSize: 32,
      epochs: 1,
      peakLearningRate: 0.01,
      labelSmoothing: 0.1,
      augment: null,
      validationSize: 0,
      seed: 1,
    });
    const after = await evaluate(tf, model, data.test, { confusion: true });
    model.dispose();

    expect(result.steps).toBe(63);
    expect(before.accuracy).toBeLessThan(0.3);
    expect(after.accuracy).toBeGreaterThan(0.7);
    expect(after.loss).toBeLessThan(before.loss / 2);
    // Every digit is learnt, not just the easy ones: each is right more often than not.
    after.confusion!.forEach((row, digit) => expect(row[digit]! / row.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5));
  });
});
