import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_POOL, MAX_POOL_RELU_BIAS_GRAD } from '../../../src/lib/kernels/kernel-names';
import { useOurConvolutionsForInference, useStockConvolutionsForInference } from '../../../src/lib/kernels/register';
import type { SimdUsage } from '../../../src/lib/kernels/simd-gradient-loops';
import {
  expectClose,
  randomArray,
  randomInt,
  runOn,
  seededRandom,
  KERNEL_LOOPS,
  useWasmWithOurKernels,
} from './backend-comparison';

interface PoolCase {
  name: string;
  xShape: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
  /** Quantize x to this many levels per unit so that windows hold equal maxima. */
  tieLevels?: number;
}

async function expectMaxPoolGradientMatchesCpu(c: PoolCase, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const x = randomArray(tf.util.sizeFromShape(c.xShape), random, c.tieLevels);
  const outShape = tf.backend_util.computePool2DInfo(c.xShape, c.filterSize, c.strides, 1, c.pad).outShape;
  const dy = randomArray(tf.util.sizeFromShape(outShape), random);
  const gradient = () => {
    const dyT = tf.tensor(dy, outShape);
    const loss = (xIn: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xIn as tf.Tensor4D, c.filterSize, c.strides, c.pad), dyT));
    return [tf.grad(loss)(tf.tensor4d(x, c.xShape))];
  };
  const [expected] = await runOn('cpu', gradient);
  const [actual] = await runOn('wasm', gradient);
  expectClose(actual!, expected!, `${c.name} MaxPoolGrad`);
}

describe.each(KERNEL_LOOPS)('MaxPoolGrad on wasm matches the cpu backend (%s loops)', (loops) => {
  let usage: SimdUsage = { simd: 0, js: 0, paddedForward: 0, strideOneInputGradient: 0, winograd: 0, filterByImage: 0 };
  beforeAll(async () => {
    usage = await useWasmWithOurKernels(loops);
  });

  const fixedCases: PoolCase[] = [
    { name: 'tutorial pool 2x2/2', xShape: [3, 24, 24, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
    { name: '2x2/2 on odd sizes, same', xShape: [2, 7, 9, 3], filterSize: [2, 2], strides: [2, 2], pad: 'same' },
    { name: 'overlapping 3x3/1 same', xShape: [1, 6, 5, 4], filterSize: [3, 3], strides: [1, 1], pad: 'same' },
    { name: 'overlapping 3x3/2 valid', xShape: [2, 9, 9, 5], filterSize: [3, 3], strides: [2, 2], pad: 'valid' },
    { name: 'non-square 2x3 stride (3, 1)', xShape: [2, 8, 7, 2], filterSize: [2, 3], strides: [3, 1], pad: 'same' },
    { name: 'ties: the first maximum wins', xShape: [2, 8, 8, 3], filterSize: [3, 3], strides: [1, 1], pad: 'same', tieLevels: 2 },
    { name: 'ties, 2x2/2', xShape: [2, 6, 6, 16], filterSize: [2, 2], strides: [2, 2], pad: 'valid', tieLevels: 1 },
    // Windows that tile the input (max_pool_grad_tiled): leftover rows and columns, channel tails.
    { name: 'tiled 2x2/2 valid, odd sizes (last row and column in no window)', xShape: [3, 7, 9, 5], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
    { name: 'tiled 3x3/3 valid, 6 channels', xShape: [2, 10, 11, 6], filterSize: [3, 3], strides: [3, 3], pad: 'valid', tieLevels: 2 },
    { name: 'tiled 2x1/(2,1) valid', xShape: [2, 8, 5, 4], filterSize: [2, 1], strides: [2, 1], pad: 'valid' },
    { name: 'tiled 2x2/2 same on even sizes (no padding)', xShape: [2, 8, 6, 12], filterSize: [2, 2], strides: [2, 2], pad: 'same', tieLevels: 1 },
  ];
  for (const [index, c] of fixedCases.entries()) {
    it(c.name, async () => {
      const jsCallsBefore = usage.js;
      await expectMaxPoolGradientMatchesCpu(c, 2000 + index);
      expect(usage.js - jsCallsBefore, 'MaxPoolGrad calls that fell back to JS').toBe(0);
    });
  }

  it('20 random geometries', async () => {
    const random = seededRandom(4242);
    for (let index = 0; index < 20; index++) {
      const filterSize: [number, number] = [randomInt(random, 1, 4), randomInt(random, 1, 4)];
      const xShape: PoolCase['xShape'] = [
        randomInt(random, 1, 3),
        randomInt(random, filterSize[0], 12),
        randomInt(random, filterSize[1], 12),
        [1, 3, 8, 17][randomInt(random, 0, 3)]!,
      ];
      const strides: [number, number] = [randomInt(random, 1, 3), randomInt(random, 1, 3)];
      const pad = random() < 0.5 ? 'same' : 'valid';
      const name = `case ${index}: x ${xShape.join('x')} pool ${filterSize.join('x')} s ${strides.join(',')} ${pad}`;
      await expectMaxPoolGradientMatchesCpu({ name, xShape, filterSize, strides, pad }, index);
    }
  });
});

describe.each(KERNEL_LOOPS)('our MaxPool and the fused pool + ReLU + bias gradient match the cpu backend (%s loops)', (loops) => {
  let usage: SimdUsage = { simd: 0, js: 0, paddedForward: 0, strideOneInputGradient: 0, winograd: 0, filterByImage: 0 };
  beforeAll(async () => {
    usage = await useWasmWithOurKernels(loops);
  });

  const cases: (PoolCase & { tiles: boolean })[] = [
    { name: 'tutorial 2x2/2', xShape: [3, 24, 24, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid', tiles: true },
    { name: '2x2/2 on odd sizes, 5 channels', xShape: [2, 7, 9, 5], filterSize: [2, 2], strides: [2, 2], pad: 'valid', tiles: true },
    { name: '3x2/(3,2), ties', xShape: [1, 9, 8, 12], filterSize: [3, 2], strides: [3, 2], pad: 'valid', tiles: true, tieLevels: 1 },
    { name: '2x2/2 same on even sizes', xShape: [2, 6, 4, 3], filterSize: [2, 2], strides: [2, 2], pad: 'same', tiles: true },
    { name: 'overlapping 3x3/2 (the backend’s own)', xShape: [2, 9, 9, 4], filterSize: [3, 3], strides: [2, 2], pad: 'valid', tiles: false },
    { name: '2x2/2 same on odd sizes (padding: the backend’s own)', xShape: [1, 7, 7, 4], filterSize: [2, 2], strides: [2, 2], pad: 'same', tiles: false },
  ];

  it('MaxPool: the same maxima as cpu, in SIMD where the windows tile the input', async () => {
    useOurConvolutionsForInference();
    try {
      for (const [index, c] of cases.entries()) {
        const x = randomArray(tf.util.sizeFromShape(c.xShape), seededRandom(300 + index), c.tieLevels);
        // Ours: NaN is never the maximum, as on cpu (which compares with >; the backend's own may differ).
        const ours = loops !== 'js' && c.tiles;
        if (ours) x[0] = Number.NaN;
        const pool = () => [tf.maxPool(tf.tensor4d(x, c.xShape), c.filterSize, c.strides, c.pad)];
        const [expected] = await runOn('cpu', pool);
        const simdBefore = usage.simd;
        const [actual] = await runOn('wasm', pool);
        if (loops !== 'js') expect(usage.simd - simdBefore, `${c.name}: ran in SIMD`).toBe(c.tiles ? 1 : 0);
        // (+ 0: a window of 0 and -0 may give either.)
        expect(Array.from(actual!, (v) => v + 0), c.name).toEqual(Array.from(expected!, (v) => v + 0));
      }
    } finally {
      useStockConvolutionsForInference();
    }
  });

  it(`${MAX_POOL} and ${MAX_POOL_RELU_BIAS_GRAD}: the pool, then dz and db as cpu's MaxPoolGrad, ReLU mask and sum give them`, async () => {
    for (const [index, c] of cases.entries()) {
      const random = seededRandom(400 + index);
      // A ReLU's output: a quarter of the cells 0, some windows all 0 (their gradient is dropped).
      const y = randomArray(tf.util.sizeFromShape(c.xShape), random, c.tieLevels).map((v) => Math.max(0, v - 0.5 * Math.abs(v)));
      const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;
      const outShape = tf.backend_util.computePool2DInfo(c.xShape, c.filterSize, c.strides, 1, c.pad).outShape;
      const dy = randomArray(tf.util.sizeFromShape(outShape), random);
      const [pooled, dz, db] = await runOn('wasm', () => {
        const yT = tf.tensor4d(y, c.xShape);
        const p = tf.engine().runKernel(MAX_POOL, { x: yT }, attrs) as tf.Tensor;
        const [dzT, dbT] = tf.engine().runKernel(MAX_POOL_RELU_BIAS_GRAD, { y: yT, dy: tf.tensor(dy, outShape) }, attrs) as tf.Tensor[];
        return [p, dzT!, dbT!];
      });
      const [expectedPooled, expectedDz, expectedDb] = await runOn('cpu', () => {
        const yT = tf.tensor4d(y, c.xShape);
        const through = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, c.filterSize, c.strides, c.pad), tf.tensor(dy, outShape))))(yT);
        const masked = tf.where(tf.greater(yT, 0), through, tf.zerosLike(through));
        return [tf.maxPool(yT, c.filterSize, c.strides, c.pad), masked, tf.sum(tf.reshape(masked, [-1, c.xShape[3]]), 0)];
      });
      expect(Array.from(pooled!, (v) => v + 0), `${c.name} pooled`).toEqual(Array.from(expectedPooled!, (v) => v + 0));
      expectClose(dz!, expectedDz!, `${c.name} dz`);
      expectClose(db!, expectedDb!, `${c.name} db`);
    }
  });
});

describe.each(KERNEL_LOOPS)('DepthwiseConv2dNativeBackpropFilter on wasm matches the cpu backend (%s loops)', (loops) => {
  beforeAll(() => useWasmWithOurKernels(loops));

  const cases = [
    { xShape: [2, 9, 8, 3], filterShape: [3, 3, 3, 2], strides: [1, 1], pad: 'same' },
    { xShape: [1, 10, 11, 4], filterShape: [5, 2, 4, 1], strides: [2, 2], pad: 'valid' },
    { xShape: [3, 7, 7, 2], filterShape: [3, 3, 2, 3], strides: [2, 2], pad: 'same' },
  ] as const;
  for (const [index, c] of cases.entries()) {
    it(`x ${c.xShape.join('x')} w ${c.filterShape.join('x')} s ${c.strides.join(',')} ${c.pad}`, async () => {
      const random = seededRandom(3000 + index);
      const x = randomArray(tf.util.sizeFromShape([...c.xShape]), random);
      const w = randomArray(tf.util.sizeFromShape([...c.filterShape]), random);
      const gradient = () => {
        const wT = tf.tensor4d(w, [...c.filterShape]);
        const loss = (wIn: tf.Tensor) =>
          tf.sum(tf.square(tf.depthwiseConv2d(tf.tensor4d(x, [...c.xShape]), wIn as tf.Tensor4D, [...c.strides], c.pad)));
        return [tf.grad(loss)(wT)];
      };
      const [expected] = await runOn('cpu', gradient);
      const [actual] = await runOn('wasm', gradient);
      expectClose(actual!, expected!, 'DepthwiseConv2dNativeBackpropFilter');
    });
  }
});
