import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SOFTMAX_CROSS_ENTROPY } from '../../../src/lib/kernels/kernel-names';
import { softmaxCrossEntropy } from '../../../src/lib/kernels/softmax-cross-entropy';
import { classificationLoss, classificationLossAndCorrect, countCorrect } from '../../../src/lib/train/loss';
import { expectClose, randomArray, runOn, seededRandom, useWasmWithOurKernels } from './backend-comparison';

/** TF.js's own composed loss (oneHot + tf.losses.softmaxCrossEntropy), its gradient and tf.argMax's count, on 'cpu'. */
async function composedOnCpu(logits: Float32Array, labels: Int32Array, smoothing: number) {
  const rows = labels.length;
  const [loss, gradient, correct] = await runOn('cpu', () => {
    const x = tf.tensor2d(logits, [rows, 10]);
    const y = tf.tensor1d(labels, 'int32');
    const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 10), z, undefined, smoothing) as tf.Scalar)(x);
    return [value, grad, tf.cast(countCorrect(tf, x, y), 'float32')];
  });
  return { loss: loss![0]!, gradient: gradient!, correct: correct![0]! };
}

function cases(): { name: string; logits: Float32Array; labels: Int32Array }[] {
  const random = seededRandom(11);
  const make = (rows: number, scale: number, levels?: number) => ({
    logits: randomArray(rows * 10, random, levels).map((v) => v * scale),
    labels: Int32Array.from({ length: rows }, () => Math.floor(random() * 10)),
  });
  return [
    { name: 'one row', ...make(1, 3) },
    { name: '7 rows', ...make(7, 1) },
    { name: '128 rows of large logits (±80: exp would overflow without the max taken out)', ...make(128, 80) },
    { name: 'ties: equal largest logits (the first one counts, as tf.argMax)', ...make(64, 1, 2) },
  ];
}

describe('the fused softmax cross-entropy loss', () => {
  for (const smoothing of [0, 0.1]) {
    for (const { name, logits, labels } of cases()) {
      it(`gives TF.js's loss, gradient and count (${name}, smoothing ${smoothing})`, async () => {
        const expected = await composedOnCpu(logits, labels, smoothing);
        const gradient = new Float32Array(logits.length);
        const { loss, correct } = softmaxCrossEntropy(logits, labels, 10, smoothing, gradient);
        expect(Math.abs(loss - expected.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected.loss)));
        expectClose(gradient, expected.gradient, 'gradient');
        expect(correct).toBe(expected.correct);
      });
    }
  }

  it('treats a label outside 0..9 as tf.oneHot does (no class gets the 1)', async () => {
    const random = seededRandom(3);
    const logits = randomArray(30, random);
    const labels = Int32Array.from([2, 10, -1]);
    const expected = await composedOnCpu(logits, labels, 0.1);
    const gradient = new Float32Array(30);
    const { loss } = softmaxCrossEntropy(logits, labels, 10, 0.1, gradient);
    expect(Math.abs(loss - expected.loss)).toBeLessThanOrEqual(1e-5);
    expectClose(gradient, expected.gradient, 'gradient');
  });

  it('makes the loss NaN when a logit is NaN or infinite, so divergence is seen', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const at of [0, 5]) {
        const logits = new Float32Array(20).fill(0.5);
        logits[at] = bad;
        expect(softmaxCrossEntropy(logits, Int32Array.from([1, 2]), 10, 0.1, new Float32Array(20)).loss).toBeNaN();
      }
    }
  });

  it('refuses arrays that do not fit the rows and classes', () => {
    expect(() => softmaxCrossEntropy(new Float32Array(19), Int32Array.from([1, 2]), 10, 0, new Float32Array(19))).toThrow(/19 logits/);
  });
});

describe('the training loss on wasm with our kernels', () => {
  it('runs as one kernel with TF.js’s loss, gradient and count, and leaves no tensor behind', async () => {
    await useWasmWithOurKernels('in-place');
    const random = seededRandom(5);
    const rows = 33;
    const logits = randomArray(rows * 10, random).map((v) => v * 4);
    const labels = Int32Array.from({ length: rows }, (_, i) => (i * 3) % 10);
    const expected = await composedOnCpu(logits, labels, 0.1);
    await tf.setBackend('wasm');
    const x = tf.tensor2d(logits, [rows, 10]);
    const y = tf.tensor1d(labels, 'int32');
    const before = tf.memory().numTensors;
    let counted: tf.Scalar | undefined;
    const profile = await tf.profile(() => {
      const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => {
        const { loss, correct } = classificationLossAndCorrect(tf, z as tf.Tensor2D, y, 0.1);
        counted = correct;
        return loss;
      })(x);
      expect(Math.abs(value.dataSync()[0]! - expected.loss)).toBeLessThanOrEqual(1e-5 * expected.loss);
      expectClose(grad.dataSync() as Float32Array, expected.gradient, 'gradient');
      tf.dispose([value, grad]);
    });
    expect(counted!.dataSync()[0]).toBe(expected.correct);
    counted!.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(profile.kernelNames).toContain(SOFTMAX_CROSS_ENTROPY);
    for (const composed of ['OneHot', 'Exp', 'Log', 'Max', 'ArgMax', 'Equal']) expect(profile.kernelNames).not.toContain(composed);
    // classificationLoss alone (students' code calls it) gives the same loss through the same op.
    const alone = tf.tidy(() => classificationLoss(tf, x, y, 0.1).dataSync()[0]!);
    expect(Math.abs(alone - expected.loss)).toBeLessThanOrEqual(1e-5 * expected.loss);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('is TF.js’s composed loss where our kernel is not registered (cpu), with the count kept out of a tidy', async () => {
    const random = seededRandom(8);
    const logits = randomArray(50, random).map((v) => v * 3);
    const labels = Int32Array.from([1, 2, 3, 4, 5]);
    const expected = await composedOnCpu(logits, labels, 0.1);
    await tf.setBackend('cpu');
    const x = tf.tensor2d(logits, [5, 10]);
    const y = tf.tensor1d(labels, 'int32');
    const before = tf.memory().numTensors;
    let kept: tf.Scalar | undefined;
    const loss = tf.tidy(() => {
      const result = classificationLossAndCorrect(tf, x, y, 0.1);
      kept = result.correct;
      return result.loss.dataSync()[0]!;
    });
    expect(loss).toBeCloseTo(expected.loss, 6);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(kept!.dataSync()[0]).toBe(expected.correct);
    kept!.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
