import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSums } from '../../../src/lib/kernels/js-gradient-loops';
import { sumUsage } from '../../../src/lib/kernels/sum-kernel';
import { expectClose, randomArray, runOn, seededRandom, useWasmWithOurKernels } from './backend-comparison';

beforeAll(async () => {
  await useWasmWithOurKernels('in-place');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const CASES: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
  { shape: [8, 6, 6, 24], axis: [0, 1, 2] }, // a bias gradient: the fast path
  { shape: [8, 6, 6, 24], axis: [2, 0, 1], keepDims: true },
  { shape: [256, 10], axis: 0 },
  { shape: [3, 5, 7], axis: [-3, -2] },
  { shape: [4, 5, 6], axis: [1, 2] }, // inner axes: the stock kernel
  { shape: [4, 5, 6], axis: [0, 2] }, // not contiguous from the front: stock
  { shape: [4, 5, 6], axis: [0, 1, 2] }, // everything: stock
  { shape: [7], axis: 0 },
];

describe('Sum on wasm', () => {
  it('matches the cpu backend for leading axes (fast path) and every other reduction (stock)', async () => {
    const before = sumUsage.columnSums;
    for (const [index, { shape, axis, keepDims = false }] of CASES.entries()) {
      const values = randomArray(shape.reduce((a, b) => a * b, 1), seededRandom(index + 1));
      const compute = () => {
        const sum = tf.sum(tf.tensor(values, shape), axis, keepDims);
        return [sum, tf.tensor1d(sum.shape.length ? sum.shape : [0])];
      };
      const [expectedSum, expectedShape] = await runOn('cpu', compute);
      const [actualSum, actualShape] = await runOn('wasm', compute);
      expect(Array.from(actualShape!), `shape for ${JSON.stringify({ shape, axis, keepDims })}`).toEqual(Array.from(expectedShape!));
      expectClose(actualSum!, expectedSum!, `sum of ${JSON.stringify({ shape, axis })}`);
    }
    // The first four cases reduce leading axes; the other four (inner axes, gaps, all axes) are the stock kernel's.
    expect(sumUsage.columnSums - before).toBe(4);
  });

  it('sums integers exactly (through the stock kernel)', async () => {
    const [sum] = await runOn('wasm', () => [tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0)]);
    expect(Array.from(sum!)).toEqual([4, 6]);
  });

  it('channelSums (the JS loop the Sum fast path runs without SIMD) adds each column, in float64', () => {
    const output = new Float32Array(2);
    channelSums(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2, output);
    expect(Array.from(output)).toEqual([9, 12]);
    const long = new Float32Array(1_000_001).fill(0.1);
    channelSums(long, long.length, 1, output);
    expect(output[0]).toBeCloseTo(100000.1, 0);
  });
});
