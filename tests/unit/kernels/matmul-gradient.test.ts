import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUntransposedMatMulGradient, restoreStockMatMulGradient } from '../../../src/lib/kernels/matmul-gradient';
import { expectClose, randomArray, seededRandom } from './backend-comparison';

afterAll(async () => {
  restoreStockMatMulGradient();
  await tf.setBackend('cpu');
});

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Gradients of sum(matMul(a, b) · dy) for both operands. */
function matMulGradients({ a: aShape, b: bShape, transposeA, transposeB }: Case, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
  const a = tf.tensor(randomArray(size(aShape), random), aShape);
  const b = tf.tensor(randomArray(size(bShape), random), bShape);
  const outShape = tf.matMul(a, b, transposeA, transposeB).shape;
  const dy = tf.tensor(randomArray(size(outShape), random), outShape);
  const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), dy)))([a, b]);
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([a, b, dy, ...grads]);
  return values;
}

const CASES: Case[] = [
  { a: [7, 5], b: [5, 3], transposeA: false, transposeB: false },
  { a: [7, 5], b: [3, 5], transposeA: false, transposeB: true },
  { a: [5, 7], b: [5, 3], transposeA: true, transposeB: false },
  { a: [5, 7], b: [3, 5], transposeA: true, transposeB: true },
  { a: [2, 4, 6], b: [2, 6, 3], transposeA: false, transposeB: false },
  { a: [33, 17], b: [17, 9], transposeA: false, transposeB: false },
];

describe('the untransposed BatchMatMul gradient', () => {
  it('gives the stock gradient on wasm for every transpose combination, with no transposed product', async () => {
    await tf.setBackend('wasm');
    for (const [index, testCase] of CASES.entries()) {
      restoreStockMatMulGradient();
      const expected = matMulGradients(testCase, index + 1);
      registerUntransposedMatMulGradient();
      const actual = matMulGradients(testCase, index + 1);
      actual.forEach((values, i) => expectClose(values, expected[i]!, `d${i === 0 ? 'a' : 'b'} for ${JSON.stringify(testCase)}`));
    }
  });

  it('asks the wasm backend for untransposed products only', async () => {
    await tf.setBackend('wasm');
    registerUntransposedMatMulGradient();
    const stockKernel = tf.getKernel(tf.BatchMatMul, 'wasm')!;
    const flags: string[] = [];
    tf.unregisterKernel(tf.BatchMatMul, 'wasm');
    tf.registerKernel({
      ...stockKernel,
      kernelFunc: (args) => {
        const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
        flags.push(`${transposeA}/${transposeB}`);
        return stockKernel.kernelFunc(args);
      },
    });
    try {
      for (const [index, testCase] of CASES.entries()) {
        flags.length = 0;
        matMulGradients(testCase, index + 1);
        // Two forward products (one for the output's shape, one inside tf.grads) keep the flags
        // they were given; the two gradient products come last and have none.
        expect(flags).toHaveLength(4);
        expect(flags.slice(2)).toEqual(['false/false', 'false/false']);
      }
    } finally {
      tf.unregisterKernel(tf.BatchMatMul, 'wasm');
      tf.registerKernel(stockKernel);
    }
  });

  it('leaves other backends on the stock gradient', async () => {
    await tf.setBackend('cpu');
    registerUntransposedMatMulGradient();
    const profile = await tf.profile(() => {
      matMulGradients(CASES[0]!, 1);
    });
    expect(profile.kernelNames).not.toContain('Transpose');
  });
});
