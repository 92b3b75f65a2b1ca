/**
 * The kernel thread pool: how a call is split (work-split.ts), and that the
 * split calls, run on a real pool of Node worker threads sharing one memory,
 * give the single thread's numbers exactly, for odd batches and batch 1 too.
 * (Every kernel is also checked against the 'cpu' backend with 'threads' loops
 * in the conv, pooling and training suites.)
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conv2dGeometry, maxPoolGeometry, type ConvGeometry } from '../../../src/lib/kernels/conv-geometry';
import { useGradientLoops } from '../../../src/lib/kernels/gradient-kernels';
import { createKernelThreadPool, NODE_PROLOGUE } from '../../../src/lib/kernels/kernel-thread-pool';
import { createNodeKernelThreadPool, spawnNodeHelper } from '../../../src/lib/kernels/kernel-threads-node';
import { instantiateSimdGradientLoops, type SimdGradientLoops } from '../../../src/lib/kernels/simd-gradient-loops';
import { loadSharedTrainingKernelsWasm, loadTrainingKernelsWasm } from '../../../src/lib/kernels/wasm-bytes-node';
import * as jsLoops from '../../../src/lib/kernels/js-gradient-loops';
import {
  batchNormChunks, batchNormParts, CHANNEL_BLOCK, chunkCount, filterGradientCalls, FILTER_GRAD, flippedFilterFloats, inputGradientCalls, MAX_CHUNKS, MAX_POOL_FORWARD, maxPoolForwardCalls,
  maxPoolGradientCalls, paddedForwardCalls, paddedImageFloats, splitEvenly, strideOneInputGradientCalls, strideOneInputGradientScratchFloats,
  winogradChunkFloats, winogradGroupRows, winogradStride,
} from '../../../src/lib/kernels/work-split';
import { fusedLayerCount } from '../../../src/lib/kernels/fused-training';
import { buildModel } from '../../../src/lib/model/build';
import { logitsOf } from '../../../src/lib/model/predict';
import { MODEL_PRESETS } from '../../../src/lib/model/presets';
import { expectClose, randomArray, randomInt, seededRandom, useWasmWithOurKernels } from './backend-comparison';

describe('splitEvenly', () => {
  it('splits a batch into runs that differ by at most one, longer first, covering it once', () => {
    expect(splitEvenly(7, 2)).toEqual([[0, 4], [4, 7]]);
    expect(splitEvenly(256, 2)).toEqual([[0, 128], [128, 256]]);
    expect(splitEvenly(10, 4)).toEqual([[0, 3], [3, 6], [6, 8], [8, 10]]);
  });

  it('never makes an empty run: batch 1 is one run, and nothing is no run', () => {
    expect(splitEvenly(1, 4)).toEqual([[0, 1]]);
    expect(splitEvenly(3, 8)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(splitEvenly(0, 2)).toEqual([]);
    expect(splitEvenly(5, 1)).toEqual([[0, 5]]);
  });
});

const conv = (x: [number, number, number, number], f: [number, number, number, number], strides: number | [number, number], pad: 'same' | 'valid') =>
  conv2dGeometry('Conv2DBackpropFilter', x, f, { strides, pad, dataFormat: 'NHWC' } as never);

describe('the Winograd scratch layout', () => {
  const conv = (out: number, width: number, inChannels: number, outChannels: number) => ({
    batchSize: 1, inHeight: out, inWidth: width, inChannels, outHeight: out, outWidth: width, outChannels, top: 1, left: 1,
  });

  it('groups whole tile rows, up to 64 tiles, at least one row', () => {
    expect(winogradGroupRows(conv(7, 7, 32, 64))).toBe(4); // all 4 rows of 4 tiles
    expect(winogradGroupRows(conv(14, 14, 16, 32))).toBe(7); // all 7 rows of 7
    expect(winogradGroupRows(conv(22, 22, 4, 8))).toBe(5); // 11 rows of 11: 5, 5, 1
    expect(winogradGroupRows(conv(5, 140, 4, 4))).toBe(1); // 70 tiles a row
  });

  it('moves the sixteen rows off a 4 KB stride (one L1 set), and leaves other strides as they are', () => {
    for (const floats of [1024, 2048, 1020, 3076]) expect(winogradStride(floats)).toBe(floats + 16);
    for (const floats of [512, 1568, 1000, 1040, 16]) expect(winogradStride(floats)).toBe(floats);
    // The 7×7 map of 64 channels: 16 tiles × 64 = 1024 floats a row, so each chunk's scratch holds 16 × 16 more.
    const w = conv(7, 7, 64, 32);
    expect(winogradChunkFloats(w)).toBe(10 * 10 * 64 + 16 * (1024 + 16) + 16 * 512);
  });
});

describe('filterGradientCalls', () => {
  /** The filter taps (kh, kw) each call computes, recovered from its dW pointer and its KH, KW. */
  function tapsOf(g: ConvGeometry, threads: number): string[][] {
    const tapBytes = g.inChannels * g.outChannels * 4;
    return filterGradientCalls(g, 0, 0, 0, threads).map((calls) =>
      calls.flatMap(({ kernel, args }) => {
        expect(kernel).toBe(FILTER_GRAD);
        const first = args[2]! / tapBytes;
        const [rows, cols] = [args[10]!, args[11]!];
        // A call of several rows always spans whole rows, or its dW would not be contiguous.
        if (rows > 1) expect(cols).toBe(g.filterWidth);
        return Array.from({ length: rows * cols }, (_, i) => {
          const tap = first + Math.floor(i / cols) * g.filterWidth + (i % cols);
          return `${Math.floor(tap / g.filterWidth)},${tap % g.filterWidth}`;
        });
      }),
    );
  }

  it('gives every filter tap to exactly one thread, in balanced contiguous runs', () => {
    for (const [kh, kw, threads] of [[5, 5, 2], [3, 3, 2], [3, 3, 4], [1, 7, 3], [5, 2, 3], [2, 3, 8]] as const) {
      const g = conv([2, 12, 12, 3], [kh, kw, 3, 8], 1, 'valid');
      const perThread = tapsOf(g, threads);
      const all = perThread.flat();
      expect(new Set(all).size, `${kh}x${kw} on ${threads}`).toBe(kh * kw);
      expect(all.length).toBe(kh * kw);
      const sizes = perThread.map((taps) => taps.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('moves the padding with the first tap of a call', () => {
    const g = conv([1, 9, 9, 2], [3, 3, 2, 4], 1, 'same');
    const [, second] = filterGradientCalls(g, 0, 0, 0, 2); // taps 5..8: (1,2), then row 2
    expect(second!.map((c) => [c.args[10], c.args[11], c.args[14], c.args[15]])).toEqual([
      [1, 1, g.padInfo.top - 1, g.padInfo.left - 2],
      [1, 3, g.padInfo.top - 2, g.padInfo.left],
    ]);
  });
});

describe('the SIMD kernels split across a pool of worker threads', () => {
  let single: SimdGradientLoops;
  let threaded: SimdGradientLoops;

  beforeAll(async () => {
    const [plain, shared] = await Promise.all([loadTrainingKernelsWasm(), loadSharedTrainingKernelsWasm()]);
    single = await instantiateSimdGradientLoops(plain, undefined);
    threaded = await instantiateSimdGradientLoops(plain, undefined, shared, { threads: 3, startThreads: createNodeKernelThreadPool });
  });
  afterAll(() => threaded.close());

  it('start the threads asked for on a shared memory', () => {
    expect(single.threads).toBe(1);
    expect(threaded.threads).toBe(3);
    expect(threaded.mode).toBe('private-memory');
  });

  /** Runs one loop of both sets on the same inputs; the outputs must be the same floats. */
  function expectSameAsOneThread(
    run: (loops: SimdGradientLoops['loops'], out: Float32Array) => void,
    outLength: number,
    what: string,
  ): void {
    const one = new Float32Array(outLength).fill(Number.NaN);
    const many = new Float32Array(outLength).fill(Number.NaN);
    const simdBefore = threaded.usage.simd;
    run(single.loops, one);
    run(threaded.loops, many);
    expect(threaded.usage.simd - simdBefore, `${what} ran in SIMD`).toBe(1);
    expect(one.some(Number.isNaN)).toBe(false);
    expect(many, what).toEqual(one);
  }

  it('give exactly the single thread numbers on random shapes, odd batches and batch 1', () => {
    const random = seededRandom(1919);
    const paths = { ...threaded.usage };
    for (let index = 0; index < 25; index++) {
      const batch = index < 3 ? [1, 5, 7][index]! : randomInt(random, 1, 6);
      const [kh, kw] = [randomInt(random, 1, 5), randomInt(random, 1, 5)];
      const xShape: [number, number, number, number] = [batch, randomInt(random, kh, 13), randomInt(random, kw, 13), [1, 2, 3, 4, 5, 8][randomInt(random, 0, 5)]!];
      const co = 4 * randomInt(random, 1, 4);
      const strides: [number, number] = [randomInt(random, 1, 3), randomInt(random, 1, 3)];
      // Every third case stride 1 and channels in fours: the stride-1 input gradient's form.
      if (index % 3 === 0) [strides[0], strides[1], xShape[3]] = [1, 1, 4 * randomInt(random, 1, 2)];
      const pad = random() < 0.5 ? 'same' : 'valid';
      const g = conv(xShape, [kh, kw, xShape[3], co], strides, pad);
      const what = `case ${index}: x ${xShape.join('x')} filter ${kh}x${kw}x${co} s ${strides} ${pad}`;
      const x = randomArray(tf.util.sizeFromShape(xShape), random);
      const dy = randomArray(batch * g.outHeight * g.outWidth * co, random);
      const w = randomArray(kh * kw * xShape[3] * co, random);
      const scratch = (floats: number) => (floats > 0 ? new Float32Array(floats).fill(Number.NaN) : undefined);
      expectSameAsOneThread((loops, dW) => loops.conv2dFilterGradient(x, dy, g, dW), w.length, `${what} filter gradient`);
      // With scratch: by image into partial sums, added in float64 (one thread's to float rounding).
      const dWOne = new Float32Array(w.length);
      single.loops.conv2dFilterGradient(x, dy, g, dWOne, scratch(single.loops.filterGradientScratchFloats(g)));
      const dWMany = new Float32Array(w.length).fill(Number.NaN);
      threaded.loops.conv2dFilterGradient(x, dy, g, dWMany, scratch(threaded.loops.filterGradientScratchFloats(g)));
      expectClose(dWMany, dWOne, `${what} filter gradient by image`);
      expectSameAsOneThread((loops, dx) => loops.conv2dInputGradient(dy, w, g, dx), x.length, `${what} input gradient`);
      // With scratch: stride 1 as a forward conv of dy, and the forward conv on padded copies (one per chunk).
      expectSameAsOneThread(
        (loops, dx) => loops.conv2dInputGradient(dy, w, g, dx, scratch(loops.inputGradientScratchFloats(g))),
        x.length,
        `${what} input gradient with scratch`,
      );
      const bias = index % 2 === 0 ? randomArray(co, random) : null;
      expectSameAsOneThread((loops, y) => loops.conv2dForward(x, w, bias, g, index % 3 !== 0, y), dy.length, `${what} forward conv`);
      expectSameAsOneThread(
        (loops, y) => loops.conv2dForward(x, w, bias, g, index % 3 !== 0, y, scratch(loops.forwardScratchFloats(g))),
        dy.length,
        `${what} forward conv with scratch`,
      );
      const pool = maxPoolGeometry(xShape, { filterSize: [Math.min(2, kh), Math.min(2, kw)], strides: 2, pad } as never);
      const poolDy = randomArray(batch * pool.outHeight * pool.outWidth * pool.outChannels, random);
      expectSameAsOneThread((loops, dx) => loops.maxPoolInputGradient(x, poolDy, pool, dx), x.length, `${what} max-pool gradient`);
      // Windows that tile x: the SIMD max pool, and the pool + ReLU + bias gradient on a ReLU's output.
      const [fh, fw] = [randomInt(random, 1, Math.min(3, xShape[1])), randomInt(random, 1, Math.min(3, xShape[2]))];
      const tiled = maxPoolGeometry(xShape, { filterSize: [fh, fw], strides: [fh, fw], pad: 'valid' } as never);
      const relued = x.map((v) => Math.max(0, v));
      const tiledDy = randomArray(batch * tiled.outHeight * tiled.outWidth * tiled.outChannels, random);
      expectSameAsOneThread((loops, y) => loops.maxPoolForward(x, tiled, y), tiledDy.length, `${what} tiled ${fh}x${fw} max pool`);
      const channels = xShape[3];
      expectSameAsOneThread(
        (loops, out) => {
          const db = new Float32Array(channels);
          loops.maxPoolReluBiasGradient(relued, tiledDy, tiled, out, db, scratch(loops.maxPoolReluBiasScratchFloats(tiled)));
          // db: float64 totals per thread, added in thread order (equal to float32 rounding).
          const dbOne = new Float32Array(channels);
          single.loops.maxPoolReluBiasGradient(relued, tiledDy, tiled, new Float32Array(x.length), dbOne, scratch(single.loops.maxPoolReluBiasScratchFloats(tiled)));
          expectClose(db, dbOne, `${what} tiled ${fh}x${fw} bias gradient`);
        },
        x.length,
        `${what} tiled ${fh}x${fw} pool + ReLU + bias gradient`,
      );
    }
    expect(threaded.usage.paddedForward - paths.paddedForward, 'padded forward convs').toBeGreaterThan(3);
    expect(threaded.usage.filterByImage - paths.filterByImage, 'filter gradients by image').toBeGreaterThan(10);
    expect(single.usage.filterByImage, 'one thread sums straight into dW').toBe(0);
    expect(threaded.usage.strideOneInputGradient - paths.strideOneInputGradient, 'stride-1 input gradients').toBeGreaterThan(1);
  });

  it('cut a large batch into a few chunks per thread, claimed as the threads come, with the one-thread numbers', () => {
    expect(chunkCount(50, 3)).toBe(12);
    expect(chunkCount(5, 3)).toBe(5);
    expect(chunkCount(25, 2, 2)).toBe(4);
    expect(chunkCount(256, 1)).toBe(1);
    expect(chunkCount(10_000, 32)).toBe(MAX_CHUNKS);
    const random = seededRandom(2024);
    const g = conv([50, 12, 12, 4], [5, 5, 4, 8], 1, 'same');
    const x = randomArray(50 * 12 * 12 * 4, random);
    const w = randomArray(5 * 5 * 4 * 8, random);
    const dy = randomArray(50 * 12 * 12 * 8, random);
    const scratch = (floats: number) => new Float32Array(floats).fill(Number.NaN);
    expectSameAsOneThread((loops, y) => loops.conv2dForward(x, w, null, g, true, y, scratch(loops.forwardScratchFloats(g))), dy.length, 'forward conv, 12 chunks');
    expectSameAsOneThread((loops, dx) => loops.conv2dInputGradient(dy, w, g, dx, scratch(loops.inputGradientScratchFloats(g))), x.length, 'input gradient, 12 chunks');
    expectSameAsOneThread((loops, dW) => loops.conv2dFilterGradient(x, dy, g, dW), w.length, 'filter gradient, 6 chunks of taps');
    const pool = maxPoolGeometry([50, 12, 12, 8], { filterSize: 2, strides: 2, pad: 'valid' } as never);
    const relued = dy.map((v) => Math.max(0, v));
    const poolDy = randomArray(50 * 6 * 6 * 8, random);
    expectSameAsOneThread(
      (loops, dz) => loops.maxPoolReluBiasGradient(relued, poolDy, pool, dz, new Float32Array(8), scratch(loops.maxPoolReluBiasScratchFloats(pool))),
      dy.length,
      'pool + ReLU + bias gradient, 12 chunks',
    );
  });

  it('split batch norm by runs of whole row blocks, each chunk into its own totals, within float rounding of one thread', () => {
    const random = seededRandom(77);
    const chunksUsed: number[] = [];
    // 1 row, fewer rows than a block, not a whole number of blocks, and enough rows for many chunks.
    for (const [rows, channels] of [[1, 4], [37, 3], [200, 16], [64 * 13 + 5, 20], [64 * 40, 1], [3000, 32]] as const) {
      const what = `batch norm over ${rows} rows of ${channels} channels`;
      const x = randomArray(rows * channels, random).map((v) => v * 3 + 2);
      const dy = randomArray(rows * channels, random);
      const [gamma, beta] = [randomArray(channels, random), randomArray(channels, random)];
      const scratch = (loops: SimdGradientLoops['loops']) => new Float32Array(loops.batchNormScratchFloats(rows, channels)).fill(Number.NaN);
      chunksUsed.push(batchNormParts(rows, threaded.threads));
      const moments = (loops: SimdGradientLoops['loops']) => {
        const [mean, variance] = [new Float32Array(channels).fill(Number.NaN), new Float32Array(channels).fill(Number.NaN)];
        loops.channelMoments(x, rows, channels, mean, variance, scratch(loops));
        return [mean, variance] as const;
      };
      const [mean, variance] = moments(single.loops);
      const [meanMany, varianceMany] = moments(threaded.loops);
      const [meanJs, varianceJs] = [new Float32Array(channels), new Float32Array(channels)];
      jsLoops.channelMoments(x, rows, channels, meanJs, varianceJs);
      expectClose(meanMany, mean, `${what}: mean`);
      expectClose(varianceMany, variance, `${what}: variance`);
      expectClose(mean, meanJs, `${what}: mean against the JS loop`);
      expectClose(variance, varianceJs, `${what}: variance against the JS loop`);
      for (const relu of [false, true]) {
        // The normalisation is elementwise: the same floats on every thread.
        expectSameAsOneThread(
          (loops, y) => loops.batchNormForward(x, mean, variance, gamma, beta, rows, channels, 1e-3, relu, y, scratch(loops)),
          x.length,
          `${what}: forward${relu ? ' + ReLU' : ''}`,
        );
        const y = new Float32Array(x.length);
        single.loops.batchNormForward(x, mean, variance, gamma, beta, rows, channels, 1e-3, relu, y, scratch(single.loops));
        const gradients = (loops: SimdGradientLoops['loops'] | typeof jsLoops, withScratch: boolean) => {
          const [dx, dGamma, dBeta] = [new Float32Array(x.length).fill(Number.NaN), new Float32Array(channels).fill(Number.NaN), new Float32Array(channels).fill(Number.NaN)];
          loops.batchNormGradient(x, dy, relu ? y : null, mean, variance, gamma, rows, channels, 1e-3, relu, dx, dGamma, dBeta, withScratch ? scratch(loops as SimdGradientLoops['loops']) : undefined);
          return [dx, dGamma, dBeta];
        };
        const one = gradients(single.loops, true);
        const many = gradients(threaded.loops, true);
        const js = gradients(jsLoops, false);
        ['dx', 'dgamma', 'dbeta'].forEach((name, i) => {
          expect(many[i]!.some(Number.isNaN), `${what}: ${name} written`).toBe(false);
          expectClose(many[i]!, one[i]!, `${what}${relu ? ' + ReLU' : ''}: ${name} on threads`);
          expectClose(one[i]!, js[i]!, `${what}${relu ? ' + ReLU' : ''}: ${name} against the JS loop`);
        });
      }
    }
    expect(chunksUsed[0], 'one row: one chunk').toBe(1);
    expect(Math.max(...chunksUsed), 'the large ones in many chunks').toBe(chunkCount(1000, threaded.threads));
    // Chunks start on whole blocks and keep their float64 totals 8-byte aligned.
    const chunks = batchNormChunks(64 * 13 + 5, 20, 1024, 3);
    expect(chunks.runs.map((run) => run.rows)).toEqual([5 * CHANNEL_BLOCK, 5 * CHANNEL_BLOCK, 3 * CHANNEL_BLOCK + 5]);
    expect(chunks.runs.map((run) => run.rowByte)).toEqual([0, 5 * CHANNEL_BLOCK * 20 * 4, 10 * CHANNEL_BLOCK * 20 * 4]);
    expect(chunks.runs.every((run) => run.totalsAt % 8 === 0)).toBe(true);
    expect(chunks.stride * 8).toBe(chunks.runs[1]!.totalsAt - chunks.runs[0]!.totalsAt);
    expect(chunks.coefficientsAt).toBe(1024 + 3 * 6 * 20 * 4);
  });

  it('split batch norm + ReLU + tiled pool by image, within float rounding of one thread and of the JS loops', () => {
    const random = seededRandom(78);
    for (const [shape, pool] of [[[1, 4, 4, 4], [2, 2]], [[5, 7, 7, 6], [2, 2]], [[13, 9, 8, 16], [3, 2]], [[40, 6, 6, 3], [1, 3]]] as const) {
      const [batch, , , channels] = shape;
      const g = maxPoolGeometry([...shape], { filterSize: [...pool], strides: [...pool], pad: 'valid' } as never);
      const what = `batch norm + pool over ${shape.join('x')}, ${pool.join('x')} windows`;
      const x = randomArray(tf.util.sizeFromShape([...shape]), random).map((v) => v * 2 + 0.5);
      const [gamma, beta] = [randomArray(channels, random), randomArray(channels, random)];
      const mean = new Float32Array(channels);
      const variance = new Float32Array(channels);
      jsLoops.channelMoments(x, x.length / channels, channels, mean, variance);
      const dy = randomArray(batch * g.outHeight * g.outWidth * channels, random);
      const scratch = (loops: SimdGradientLoops['loops']) => new Float32Array(loops.batchNormPoolScratchFloats(g)).fill(Number.NaN);
      expectSameAsOneThread((loops, y) => loops.batchNormPoolForward(x, mean, variance, gamma, beta, g, 1e-3, y, scratch(loops)), dy.length, `${what}: forward`);
      const jsY = new Float32Array(dy.length);
      jsLoops.batchNormPoolForward(x, mean, variance, gamma, beta, g, 1e-3, jsY);
      const simdY = new Float32Array(dy.length);
      single.loops.batchNormPoolForward(x, mean, variance, gamma, beta, g, 1e-3, simdY, scratch(single.loops));
      expectClose(simdY, jsY, `${what}: forward against the JS loops`);
      const gradients = (run: (dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array) => void) => {
        const out = [new Float32Array(x.length).fill(Number.NaN), new Float32Array(channels).fill(Number.NaN), new Float32Array(channels).fill(Number.NaN)] as const;
        run(...out);
        return out;
      };
      const one = gradients((dx, dG, dB) => single.loops.batchNormPoolGradient(x, dy, mean, variance, gamma, beta, g, 1e-3, dx, dG, dB, scratch(single.loops)));
      const many = gradients((dx, dG, dB) => threaded.loops.batchNormPoolGradient(x, dy, mean, variance, gamma, beta, g, 1e-3, dx, dG, dB, scratch(threaded.loops)));
      const js = gradients((dx, dG, dB) => jsLoops.batchNormPoolGradient(x, dy, mean, variance, gamma, beta, g, 1e-3, dx, dG, dB));
      ['dx', 'dgamma', 'dbeta'].forEach((name, i) => {
        expect(many[i]!.some(Number.isNaN), `${what}: ${name} written`).toBe(false);
        expectClose(many[i]!, one[i]!, `${what}: ${name} on threads`);
        expectClose(one[i]!, js[i]!, `${what}: ${name} against the JS loops`);
      });
    }
  });

  it('split the batch-dependent kernels by image and leave threads idle when there are fewer images', () => {
    const g = conv([1, 8, 8, 2], [3, 3, 2, 4], 1, 'same');
    expect(inputGradientCalls(g, 0, 0, 0, 3)).toHaveLength(1);
    expect(maxPoolGradientCalls(g, 0, 0, 0, 3)).toHaveLength(1);
    const five = conv([5, 8, 8, 2], [3, 3, 2, 4], 1, 'same');
    const images = inputGradientCalls(five, 0, 0, 0, 3).map(([call]) => call!.args[3]);
    expect(images).toEqual([2, 2, 1]);
  });

  it('give each thread its own scratch image in the padded and stride-1 forms', () => {
    const five = conv([5, 8, 8, 4], [3, 3, 4, 8], 1, 'same');
    const padded = paddedForwardCalls(five, 1000, 0, 0, 2000, 4000, true, 3).map(([call]) => call!.args);
    const image = paddedImageFloats(five) * 4;
    expect(image).toBe(8 * 10 * 4 * 4); // the image's 8 rows, padded to 10 columns
    expect(padded.map((args) => args[4])).toEqual([4000, 4000 + image, 4000 + 2 * image]);
    expect(padded.map((args) => args[5])).toEqual([2, 2, 1]);
    expect(padded.map((args) => args[0])).toEqual([1000, 1000 + 2 * 8 * 8 * 4 * 4, 1000 + 4 * 8 * 8 * 4 * 4]);
    const strideOne = strideOneInputGradientCalls(five, 0, 0, 8000, 3).map(([call]) => call!.args);
    const filter = flippedFilterFloats(five) * 4;
    const dyImage = 8 * 10 * 8 * 4; // dy's 8 rows, padded to 10 columns
    expect(strideOne.map((args) => args[1])).toEqual([8000, 8000, 8000]); // the flipped filter, shared
    expect(strideOne.map((args) => args[3])).toEqual([8000 + filter, 8000 + filter + dyImage, 8000 + filter + 2 * dyImage]);
    expect(strideOneInputGradientScratchFloats(five, 3) * 4).toBe(filter + 3 * dyImage);
  });
});

describe('the kernel thread pool', () => {
  it('rejects with a clear sentence when a helper cannot start, and stops the others', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const notTheModule = await WebAssembly.compile(await loadTrainingKernelsWasm()); // wants a plain memory
    await expect(createKernelThreadPool(notTheModule, memory, 3, spawnNodeHelper, NODE_PROLOGUE)).rejects.toThrow(/A kernel thread could not start/);
  });

  it('refuses a memory that is not shared', async () => {
    const module = await WebAssembly.compile(await loadSharedTrainingKernelsWasm());
    await expect(createKernelThreadPool(module, new WebAssembly.Memory({ initial: 1 }), 2, spawnNodeHelper, NODE_PROLOGUE)).rejects.toThrow(/shared/);
  });

  it('keeps one thread, and says why, on the plain memory of a backend that is not isolated', async () => {
    const [plain, shared] = await Promise.all([loadTrainingKernelsWasm(), loadSharedTrainingKernelsWasm()]);
    const loops = await instantiateSimdGradientLoops(plain, new WebAssembly.Memory({ initial: 16 }), shared, {
      threads: 2,
      startThreads: createNodeKernelThreadPool,
    });
    expect(loops.mode).toBe('in-place');
    expect(loops.threads).toBe(1);
    expect(loops.threadsReason).toMatch(/not cross-origin isolated/);
  });
});

describe('the kernel thread pool, chunk by chunk', () => {
  /** A pool of `threads` on a fresh shared memory, the module's exports on this thread, and a pool layout for 1×2×2×4 images. */
  async function poolOnSharedMemory(threads: number) {
    const module = await WebAssembly.compile(await loadSharedTrainingKernelsWasm());
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 64, shared: true });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const pool = await createNodeKernelThreadPool(module, memory, threads);
    const heap = new Float32Array(memory.buffer);
    return { pool, heap, exports: instance.exports as unknown as Record<string, (...args: number[]) => void> };
  }

  it('runs every chunk once, far more chunks than threads, and again and again', async () => {
    const { pool, heap, exports } = await poolOnSharedMemory(3);
    try {
      const images = 60;
      const g = maxPoolGeometry([images, 2, 2, 4], { filterSize: 2, strides: 2, pad: 'valid' } as never);
      const [xAt, yAt] = [0, images * 16 * 4];
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < images * 16; i++) heap[i] = Math.sin(i + round);
        heap.fill(Number.NaN, yAt / 4, yAt / 4 + images * 4);
        const chunks = maxPoolForwardCalls(g, xAt, yAt, 60);
        expect(chunks.length).toBe(60);
        pool.run(exports, chunks);
        for (let b = 0; b < images; b++) {
          for (let c = 0; c < 4; c++) {
            const expected = Math.max(...[0, 1, 2, 3].map((p) => Math.fround(Math.sin(b * 16 + p * 4 + c + round))));
            expect(heap[yAt / 4 + b * 4 + c], `round ${round} image ${b}`).toBe(expected);
          }
        }
      }
    } finally {
      pool.close();
    }
  });

  it('says a chunk failed only after every chunk is done, and runs the next call as usual', async () => {
    const { pool, heap, exports } = await poolOnSharedMemory(2);
    try {
      const g = maxPoolGeometry([8, 2, 2, 4], { filterSize: 2, strides: 2, pad: 'valid' } as never);
      const [xAt, yAt] = [0, 8 * 16 * 4];
      heap.fill(1, 0, 8 * 16);
      const chunks = maxPoolForwardCalls(g, xAt, yAt, 8);
      const broken = chunks.map((calls, i) => (i === 3 ? [{ kernel: 99, args: [] }] : calls));
      heap.fill(Number.NaN, yAt / 4, yAt / 4 + 32);
      expect(() => pool.run(exports, broken)).toThrow();
      // Every other chunk ran (whichever thread failed).
      const written = Array.from(heap.subarray(yAt / 4, yAt / 4 + 32));
      expect(written.filter((v) => v === 1).length).toBe(28);
      heap.fill(Number.NaN, yAt / 4, yAt / 4 + 32);
      pool.run(exports, chunks);
      expect(Array.from(heap.subarray(yAt / 4, yAt / 4 + 32)).every((v) => v === 1)).toBe(true);
      expect(chunks[0]![0]!.kernel).toBe(MAX_POOL_FORWARD);
    } finally {
      pool.close();
    }
  });
});

describe('a model trained with kernel threads and without', () => {
  /** Six Adam steps of a conv → pool → conv → pool → dense net on fixed batches of 7 (odd); its weights. */
  async function trainSmallCnn(): Promise<Float32Array[]> {
    const random = seededRandom(77);
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [14, 14, 1], filters: 8, kernelSize: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 12, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    let afterFirstStep = 0;
    for (let step = 0; step < 6; step++) {
      const x = tf.tensor4d(randomArray(7 * 14 * 14, random), [7, 14, 14, 1]);
      const labels = Array.from({ length: 7 }, () => Math.floor(random() * 10));
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
      await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      // Adam makes its moments in the first step; after that nothing may pile up.
      if (step === 0) afterFirstStep = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(afterFirstStep);
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    model.dispose();
    optimizer.dispose();
    return weights;
  }

  /** Five Adam steps of the batch-norm preset through the fused training forward, on batches of 5. */
  async function trainBatchNormPreset(): Promise<Float32Array[]> {
    const random = seededRandom(78);
    const model = buildModel(tf, MODEL_PRESETS.batchNorm, { seed: 5 });
    expect(fusedLayerCount(model)).toBe(7);
    const optimizer = tf.train.adam(0.01);
    for (let step = 0; step < 5; step++) {
      const x = tf.tensor4d(randomArray(5 * 28 * 28, random), [5, 28, 28, 1]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 5 }, () => Math.floor(random() * 10)), 'int32'), 10));
      tf.tidy(() => void optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, logitsOf(tf, model, x, true)) as tf.Scalar));
      tf.dispose([x, y]);
    }
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    model.dispose();
    optimizer.dispose();
    return weights;
  }

  it('through the fused training ops, ends within float tolerance (batch-norm preset)', async () => {
    await useWasmWithOurKernels('in-place');
    const alone = await trainBatchNormPreset();
    await useWasmWithOurKernels('threads');
    const withThreads = await trainBatchNormPreset();
    withThreads.forEach((weights, i) => expectClose(weights, alone[i]!, `weight ${i}`));
    useGradientLoops((await instantiateSimdGradientLoops(await loadTrainingKernelsWasm(), undefined)).loops);
  });

  it('ends within float tolerance through model.apply (filter gradients summed by image on threads)', async () => {
    await useWasmWithOurKernels('in-place');
    const alone = await trainSmallCnn();
    const usage = await useWasmWithOurKernels('threads');
    const withThreads = await trainSmallCnn();
    expect(usage.simd).toBeGreaterThan(0);
    expect(usage.filterByImage).toBeGreaterThan(0);
    expect(withThreads.length).toBe(alone.length);
    withThreads.forEach((weights, i) => expectClose(weights, alone[i]!, `weight ${i}`));
    useGradientLoops((await instantiateSimdGradientLoops(await loadTrainingKernelsWasm(), undefined)).loops);
  });
});

describe('the kernel thread pool, when a helper never answers', () => {
  it('gives up, stops it, and says so, rather than holding training up', async () => {
    vi.useFakeTimers();
    try {
      const module = await WebAssembly.compile(await loadSharedTrainingKernelsWasm());
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
      let terminated = 0;
      const silent = () => ({ postMessage: () => {}, onMessage: () => {}, terminate: () => void terminated++ });
      const pool = createKernelThreadPool(module, memory, 2, silent, NODE_PROLOGUE);
      const settled = expect(pool).rejects.toThrow(/did not start/);
      await vi.runAllTimersAsync();
      await settled;
      expect(terminated).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
