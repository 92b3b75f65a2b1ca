import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fastBatchNormGradient,
  registerFastBatchNormGradient,
  restoreStockBatchNormGradient,
} from '../../../src/lib/kernels/batch-norm-gradient';
import { expectClose, randomArray, seededRandom } from './backend-comparison';

afterAll(async () => {
  restoreStockBatchNormGradient();
  await tf.setBackend('cpu');
});

/** Gradients of sum(batchNorm(x, mean, variance, offset, scale) · dy) with respect to all five inputs. */
function batchNormGradients(shape: number[], channelsShape: number[], seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const channels = channelsShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(randomArray(size, random), shape);
  const dy = tf.tensor(randomArray(size, random), shape);
  const mean = tf.tensor(randomArray(channels, random), channelsShape);
  const variance = tf.tensor(randomArray(channels, random).map((v) => Math.abs(v) + 0.1), channelsShape);
  const offset = tf.tensor(randomArray(channels, random), channelsShape);
  const scale = tf.tensor(randomArray(channels, random), channelsShape);
  const f = (xs: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
    tf.sum(tf.mul(tf.batchNorm(xs, m, v, o, s, 1e-3), dy));
  const grads = tf.grads(f)([x, mean, variance, offset, scale]);
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([x, dy, mean, variance, offset, scale, ...grads]);
  return values;
}

const CASES: { shape: number[]; channels: number[] }[] = [
  { shape: [2, 5, 7, 3], channels: [3] },
  { shape: [1, 4, 4, 16], channels: [16] },
  { shape: [8, 3, 3, 5], channels: [5] },
  { shape: [6, 10], channels: [10] },
];

describe('the fast FusedBatchNorm gradient', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives the stock gradient's numbers on ${backend}, without Tile`, async () => {
      await tf.setBackend(backend);
      for (const [index, { shape, channels }] of CASES.entries()) {
        restoreStockBatchNormGradient();
        const expected = batchNormGradients(shape, channels, index + 1);
        registerFastBatchNormGradient();
        expect(tf.getGradient(tf.FusedBatchNorm)).toBe(fastBatchNormGradient);
        const profile = await tf.profile(() => {
          batchNormGradients(shape, channels, index + 1);
        });
        expect(profile.kernelNames).not.toContain('Tile');
        const actual = batchNormGradients(shape, channels, index + 1);
        const names = ['x', 'mean', 'variance', 'offset', 'scale'];
        actual.forEach((values, i) => expectClose(values, expected[i]!, `d${names[i]} for ${shape.join('x')}`));
      }
    });
  }

  it('is idempotent, and the stock gradient can be put back', () => {
    registerFastBatchNormGradient();
    registerFastBatchNormGradient();
    expect(tf.getGradient(tf.FusedBatchNorm)).toBe(fastBatchNormGradient);
    restoreStockBatchNormGradient();
    expect(tf.getGradient(tf.FusedBatchNorm)).not.toBe(fastBatchNormGradient);
  });
});
