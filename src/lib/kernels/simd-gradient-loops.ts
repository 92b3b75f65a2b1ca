/**
 * The gradient loops of wasm/training_kernels.c (WebAssembly SIMD), behind the
 * same signatures as js-gradient-loops.ts.
 *
 * The module imports its memory. Given the TF.js backend's own memory it reads
 * and writes tensors where they are ('in-place': a view's byteOffset is the
 * pointer). The threaded backend (picked by TF.js when the page is
 * cross-origin isolated) keeps its tensors in a *shared* memory, which only a
 * module built for shared memory may import: training-kernels-shared.wasm, the
 * same C built with atomics ('in-place-shared'). Where neither fits, the
 * module gets a private memory and each call copies its inputs in and its
 * output out ('private-memory', slower).
 * Geometries the C does not cover (output channels not a multiple of 4) and
 * views on another memory (a re-created backend) fall back to the JS loops.
 */
import type { ConvGeometry } from './conv-geometry';
import type { GradientLoops } from './gradient-kernels';
import * as jsLoops from './js-gradient-loops';
import { runCalls, type KernelThreadPool } from './kernel-thread-pool';
import {
  chunkCount, filterFloats, filterGradientByImageCalls, filterGradientCalls, forwardCalls, forwardNeedsPadding, inputGradientCalls, maxPoolForwardCalls, maxPoolGradientCalls,
  maxPoolReluBiasGradientCalls, paddedForwardCalls, paddedImageFloats, poolReluBiasScratchFloatsPerChunk, poolTilesInput,
  strideOneInputGradientCalls, strideOneInputGradientScratchFloats, winogradCalls, winogradChunkFloats, winogradFilterFloats,
  winogradForward, winogradInputGradient, flippedFilterFloats, winogradFilterGradientCalls, winogradFilterGradientScratchFloats,
  batchNormApplyCalls, batchNormChunks, batchNormGradientApplyCalls, batchNormGradientPartialCalls, batchNormParts, batchNormScratchFloats,
  channelMomentCalls, batchNormPoolChunks, batchNormPoolForwardCalls, batchNormPoolGradientApplyCalls, batchNormPoolGradientPartialCalls,
  batchNormPoolScratchFloats, type KernelCall,
} from './work-split';

export type SimdMemoryMode = 'in-place' | 'in-place-shared' | 'private-memory';

/** How many kernel calls ran in SIMD and how many fell back to JS (tests and benchmarks check it). */
export interface SimdUsage {
  simd: number;
  js: number;
  /** Of the SIMD calls: forward convs that ran on padded copies (conv2d_forward_padded). */
  paddedForward: number;
  /** Of the SIMD calls: stride-1 input gradients that ran as a forward conv (conv2d_input_grad_stride1). */
  strideOneInputGradient: number;
  /** Of the SIMD calls: 3×3 stride-1 convs (forward, input or filter gradient) that ran as Winograd F(2×2, 3×3). */
  winograd: number;
  /** Of the SIMD calls: filter gradients split by image into partial sums (on threads). */
  filterByImage: number;
}

interface TrainingKernelExports {
  /** 1 in the relaxed-SIMD build. */
  fused_multiply_add?(): number;
  conv2d_filter_grad(x: number, dy: number, dW: number, ...shape: number[]): void;
  conv2d_input_grad(dy: number, filter: number, dx: number, ...shape: number[]): void;
  max_pool_grad(x: number, dy: number, dx: number, ...shape: number[]): void;
  channel_sums(x: number, sums: number, rows: number, channels: number): void;
  relu_bias_grad(y: number, dy: number, dz: number, db: number, rows: number, channels: number): void;
  channel_moments_finish(totals: number, parts: number, stride: number, shift: number, mean: number, variance: number, rows: number, channels: number): void;
  batch_norm_coefficients(mean: number, variance: number, gamma: number, beta: number, ab: number, channels: number, epsilon: number): void;
  batch_norm_grad_finish(...args: number[]): void;
  conv2d_forward(...args: number[]): void;
  conv2d_forward_padded(...args: number[]): void;
  flip_filter(w: number, flipped: number, KH: number, KW: number, CI: number, CO: number): void;
  conv2d_input_grad_stride1(...args: number[]): void;
  adam_update(...args: number[]): void;
  max_pool_forward(...args: number[]): void;
  max_pool_relu_bias_grad(...args: number[]): void;
  sum_partials(totals: number, parts: number, channels: number, db: number): void;
  winograd_filter_transform(w: number, transformed: number, inChannels: number, outChannels: number): void;
  conv2d_forward_winograd(...args: number[]): void;
  winograd_filter_grad_finish(S: number, dW: number, inChannels: number, outChannels: number): void;
}

const PAGE_BYTES = 65536;
const ALIGN_BYTES = 16;

/** Hands the C function pointers to its arrays, copying through a private memory when needed. */
class KernelMemory {
  constructor(
    private readonly memory: WebAssembly.Memory,
    readonly mode: SimdMemoryMode,
  ) {}

  /** Runs `call` on pointers to `inputs` and `output`; false when these views cannot be reached. */
  run(inputs: Float32Array[], output: Float32Array, call: (pointers: number[], outputPointer: number) => void): boolean {
    return this.runMany(inputs, [output], (pointers, [outputPointer]) => call(pointers, outputPointer!));
  }

  /** As run, for a call that writes several outputs. */
  runMany(inputs: Float32Array[], outputs: Float32Array[], call: (pointers: number[], outputPointers: number[]) => void): boolean {
    if (this.mode !== 'private-memory') {
      const buffer = this.memory.buffer;
      if (outputs.some((view) => view.buffer !== buffer) || inputs.some((view) => view.buffer !== buffer)) return false;
      call(
        inputs.map((view) => view.byteOffset),
        outputs.map((view) => view.byteOffset),
      );
      return true;
    }
    let end = 0;
    const place = (view: Float32Array): number => {
      const pointer = end;
      end += Math.ceil(view.byteLength / ALIGN_BYTES) * ALIGN_BYTES;
      return pointer;
    };
    const pointers = inputs.map(place);
    const outputPointers = outputs.map(place);
    const missing = end - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    const heap = new Float32Array(this.memory.buffer);
    inputs.forEach((view, i) => heap.set(view, pointers[i]! / 4));
    call(pointers, outputPointers);
    outputs.forEach((view, i) => view.set(new Float32Array(this.memory.buffer, outputPointers[i]!, view.length)));
    return true;
  }
}

/** The conv loops run four output channels per SIMD lane group and have no scalar tail. */
function simdCoversConv(g: ConvGeometry): boolean {
  return g.outChannels % 4 === 0 && g.dilationHeight === 1 && g.dilationWidth === 1;
}

/** The forward loop covers any channel count and width (the tails one value at a time), dilation 1. */
function simdCoversForward(g: ConvGeometry): boolean {
  return g.dilationHeight === 1 && g.dilationWidth === 1;
}

/**
 * How many more multiply-adds the stride-1 input gradient may do than the direct loop (it
 * convolves dy's zero border too: (H·W)/(OH·OW) times as many) and still be the faster one.
 * 'same' padding: 1. The default recipe's 3×3 'valid' layer (12×12 from 10×10): 1.44, and
 * 8.4 → 6.7 ms a call. The tutorial's 5×5 'valid' layer (12×12 from 8×8): 2.25, and still
 * 3.5 → 3.0 ms (scripts/bench-conv-paths.ts).
 */
const MAX_STRIDE_ONE_WASTE = 2.5;

/** Whether Conv2DBackpropInput runs as a forward conv of dy with the flipped filter (conv2d_input_grad_stride1). */
function usesStrideOneInputGradient(g: ConvGeometry): boolean {
  return (
    g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 && g.dilationWidth === 1 &&
    g.inChannels % 4 === 0 && g.padInfo.top <= g.filterHeight - 1 && g.padInfo.left <= g.filterWidth - 1 &&
    (g.inHeight * g.inWidth) / (g.outHeight * g.outWidth) <= MAX_STRIDE_ONE_WASTE
  );
}

/**
 * Whether a conv (forward, and its stride-1 input gradient) runs as Winograd F(2×2, 3×3):
 * 3×3, stride 1, channels in fours on both sides, padding of at most 2 (a 'same' or 'valid'
 * conv's). 2.25 times fewer products; the batch-norm preset's 3×3 layers 16 → 32 and 32 → 64
 * (scripts/bench-conv-paths.ts).
 */
export function usesWinograd(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 3 && g.filterWidth === 3 && g.strideHeight === 1 && g.strideWidth === 1 &&
    g.dilationHeight === 1 && g.dilationWidth === 1 && g.inChannels % 4 === 0 && g.outChannels % 4 === 0 &&
    g.padInfo.top >= 0 && g.padInfo.top <= 2 && g.padInfo.left >= 0 && g.padInfo.left <= 2
  );
}

function gradientLoopsOn(kernels: TrainingKernelExports, memory: KernelMemory, usage: SimdUsage, pool: KernelThreadPool | undefined): GradientLoops {
  const count = (ranInSimd: boolean): boolean => {
    if (ranInSimd) usage.simd++;
    else usage.js++;
    return ranInSimd;
  };
  const threads = pool?.threads ?? 1;
  // Chunks per call: a few per thread, claimed as the threads come (kernel-thread-pool.ts).
  const byImage = (g: ConvGeometry) => chunkCount(g.batchSize, threads);
  const byTap = (g: ConvGeometry) => chunkCount(g.filterHeight * g.filterWidth, threads, 2);
  const exports = kernels as unknown as Record<string, (...args: number[]) => void>;
  const run = (chunks: KernelCall[][]) => {
    if (pool && chunks.length > 1) pool.run(exports, chunks);
    else chunks.forEach((calls) => runCalls(exports, calls));
  };
  return {
    conv2dFilterGradient(x, dy, g, dW, scratch) {
      const parts = byImage(g);
      const done =
        simdCoversConv(g) &&
        (usesWinograd(g) && scratch !== undefined
          ? memory.runMany([x, dy], [dW, scratch], ([xAt, dyAt], [dWAt, scratchAt]) => {
              const w = winogradForward(g);
              const sFloats = winogradFilterFloats(w);
              run(winogradFilterGradientCalls(w, xAt!, dyAt!, scratchAt!, parts));
              kernels.channel_sums(scratchAt! + sFloats * 4, scratchAt!, parts, sFloats);
              kernels.winograd_filter_grad_finish(scratchAt!, dWAt!, g.inChannels, g.outChannels);
              usage.winograd++;
            })
          : parts > 1 && scratch !== undefined
          ? memory.runMany([x, dy], [dW, scratch], ([xAt, dyAt], [dWAt, scratchAt]) => {
              run(filterGradientByImageCalls(g, xAt!, dyAt!, scratchAt!, parts));
              kernels.channel_sums(scratchAt!, dWAt!, parts, g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
              usage.filterByImage++;
            })
          : memory.run([x, dy], dW, ([xAt, dyAt], dWAt) => run(filterGradientCalls(g, xAt!, dyAt!, dWAt, byTap(g)))));
      if (!count(done)) jsLoops.conv2dFilterGradient(x, dy, g, dW);
    },
    conv2dInputGradient(dy, filter, g, dx, scratch) {
      const done =
        usesWinograd(g) && scratch !== undefined
          ? memory.runMany([dy, filter], [dx, scratch], ([dyAt, filterAt], [dxAt, scratchAt]) => {
              const w = winogradInputGradient(g);
              const transformedAt = scratchAt! + flippedFilterFloats(g) * 4;
              const chunksAt = transformedAt + winogradFilterFloats(w) * 4;
              kernels.flip_filter(filterAt!, scratchAt!, 3, 3, g.inChannels, g.outChannels);
              kernels.winograd_filter_transform(scratchAt!, transformedAt, w.inChannels, w.outChannels);
              run(winogradCalls(w, dyAt!, transformedAt, 0, dxAt!, chunksAt, false, byImage(g)));
              usage.winograd++;
            })
          : usesStrideOneInputGradient(g) && scratch !== undefined
          ? memory.runMany([dy, filter], [dx, scratch], ([dyAt, filterAt], [dxAt, scratchAt]) => {
              kernels.flip_filter(filterAt!, scratchAt!, g.filterHeight, g.filterWidth, g.inChannels, g.outChannels);
              run(strideOneInputGradientCalls(g, dyAt!, dxAt!, scratchAt!, byImage(g)));
              usage.strideOneInputGradient++;
            })
          : simdCoversConv(g) &&
            memory.run([dy, filter], dx, ([dyAt, filterAt], dxAt) => run(inputGradientCalls(g, dyAt!, filterAt!, dxAt, byImage(g))));
      if (!count(done)) jsLoops.conv2dInputGradient(dy, filter, g, dx);
    },
    maxPoolInputGradient(x, dy, g, dx) {
      const done = memory.run([x, dy], dx, ([xAt, dyAt], dxAt) => run(maxPoolGradientCalls(g, xAt!, dyAt!, dxAt, byImage(g))));
      if (!count(done)) jsLoops.maxPoolInputGradient(x, dy, g, dx);
    },
    maxPoolForward(x, g, y) {
      const done = poolTilesInput(g) && memory.run([x], y, ([xAt], yAt) => run(maxPoolForwardCalls(g, xAt!, yAt, byImage(g))));
      if (!count(done)) jsLoops.maxPoolForward(x, g, y);
    },
    maxPoolReluBiasGradient(y, dy, g, dz, db, scratch) {
      const done =
        poolTilesInput(g) &&
        scratch !== undefined &&
        memory.runMany([y, dy], [dz, db, scratch], ([yAt, dyAt], [dzAt, dbAt, scratchAt]) => {
          const chunks = maxPoolReluBiasGradientCalls(g, yAt!, dyAt!, dzAt!, scratchAt!, byImage(g));
          run(chunks);
          kernels.sum_partials(scratchAt!, chunks.length, g.inChannels, dbAt!);
        });
      if (!count(done)) jsLoops.maxPoolReluBiasGradient(y, dy, g, dz, db);
    },
    depthwiseFilterGradient(x, dy, g, dW) {
      count(false);
      jsLoops.depthwiseFilterGradient(x, dy, g, dW);
    },
    channelSums(x, rows, channels, sums) {
      const done = memory.run([x], sums, ([xAt], sumsAt) => kernels.channel_sums(xAt!, sumsAt, rows, channels));
      if (!count(done)) jsLoops.channelSums(x, rows, channels, sums);
    },
    reluBiasGradient(y, dy, rows, channels, dz, db) {
      const done = memory.runMany([y, dy], [dz, db], ([yAt, dyAt], [dzAt, dbAt]) => kernels.relu_bias_grad(yAt!, dyAt!, dzAt!, dbAt!, rows, channels));
      if (!count(done)) jsLoops.reluBiasGradient(y, dy, rows, channels, dz, db);
    },
    channelMoments(x, rows, channels, mean, variance, scratch) {
      const done =
        scratch !== undefined &&
        memory.runMany([x], [mean, variance, scratch], ([xAt], [meanAt, varianceAt, scratchAt]) => {
          const chunks = batchNormChunks(rows, channels, scratchAt!, batchNormParts(rows, threads));
          run(channelMomentCalls(chunks, xAt!, channels));
          kernels.channel_moments_finish(chunks.runs[0]!.totalsAt, chunks.runs.length, chunks.stride, xAt!, meanAt!, varianceAt!, rows, channels);
        });
      if (!count(done)) jsLoops.channelMoments(x, rows, channels, mean, variance);
    },
    batchNormForward(x, mean, variance, gamma, beta, rows, channels, epsilon, relu, y, scratch) {
      const done =
        scratch !== undefined &&
        memory.runMany([x, mean, variance, gamma, beta], [y, scratch], ([xAt, meanAt, varianceAt, gammaAt, betaAt], [yAt, scratchAt]) => {
          const chunks = batchNormChunks(rows, channels, scratchAt!, batchNormParts(rows, threads));
          kernels.batch_norm_coefficients(meanAt!, varianceAt!, gammaAt!, betaAt!, chunks.coefficientsAt, channels, epsilon);
          run(batchNormApplyCalls(chunks, xAt!, yAt!, channels, relu));
        });
      if (!count(done)) jsLoops.batchNormForward(x, mean, variance, gamma, beta, rows, channels, epsilon, relu, y);
    },
    batchNormGradient(x, dy, y, mean, variance, gamma, rows, channels, epsilon, relu, dx, dGamma, dBeta, scratch) {
      const done =
        scratch !== undefined &&
        memory.runMany(
          [x, dy, y ?? dy, mean, variance, gamma],
          [dx, dGamma, dBeta, scratch],
          ([xAt, dyAt, yAt, meanAt, varianceAt, gammaAt], [dxAt, dGammaAt, dBetaAt, scratchAt]) => {
            const chunks = batchNormChunks(rows, channels, scratchAt!, batchNormParts(rows, threads));
            run(batchNormGradientPartialCalls(chunks, xAt!, dyAt!, yAt!, meanAt!, channels, relu));
            kernels.batch_norm_grad_finish(
              chunks.runs[0]!.totalsAt, chunks.runs.length, chunks.stride, varianceAt!, gammaAt!, chunks.coefficientsAt, dGammaAt!, dBetaAt!, rows, channels, epsilon,
            );
            run(batchNormGradientApplyCalls(chunks, xAt!, dyAt!, yAt!, meanAt!, dxAt!, channels, relu));
          },
        );
      if (!count(done)) jsLoops.batchNormGradient(x, dy, y, mean, variance, gamma, rows, channels, epsilon, relu, dx, dGamma, dBeta);
    },
    batchNormPoolForward(x, mean, variance, gamma, beta, g, epsilon, y, scratch) {
      const done =
        poolTilesInput(g) &&
        scratch !== undefined &&
        memory.runMany([x, mean, variance, gamma, beta], [y, scratch], ([xAt, meanAt, varianceAt, gammaAt, betaAt], [yAt, scratchAt]) => {
          const chunks = batchNormPoolChunks(g, scratchAt!, byImage(g));
          kernels.batch_norm_coefficients(meanAt!, varianceAt!, gammaAt!, betaAt!, chunks.abAt, g.inChannels, epsilon);
          run(batchNormPoolForwardCalls(g, chunks, xAt!, yAt!));
        });
      if (!count(done)) jsLoops.batchNormPoolForward(x, mean, variance, gamma, beta, g, epsilon, y);
    },
    batchNormPoolGradient(x, dy, mean, variance, gamma, beta, g, epsilon, dx, dGamma, dBeta, scratch) {
      const done =
        poolTilesInput(g) &&
        scratch !== undefined &&
        memory.runMany(
          [x, dy, mean, variance, gamma, beta],
          [dx, dGamma, dBeta, scratch],
          ([xAt, dyAt, meanAt, varianceAt, gammaAt, betaAt], [dxAt, dGammaAt, dBetaAt, scratchAt]) => {
            const C = g.inChannels;
            const chunks = batchNormPoolChunks(g, scratchAt!, byImage(g));
            kernels.batch_norm_coefficients(meanAt!, varianceAt!, gammaAt!, betaAt!, chunks.abAt, C, epsilon);
            run(batchNormPoolGradientPartialCalls(g, chunks, xAt!, dyAt!, meanAt!));
            const rows = g.batchSize * g.inHeight * g.inWidth;
            kernels.batch_norm_grad_finish(chunks.runs[0]!.totalsAt, chunks.runs.length, chunks.stride, varianceAt!, gammaAt!, chunks.coefficientsAt, dGammaAt!, dBetaAt!, rows, C, epsilon);
            run(batchNormPoolGradientApplyCalls(g, chunks, xAt!, meanAt!, dxAt!));
          },
        );
      if (!count(done)) jsLoops.batchNormPoolGradient(x, dy, mean, variance, gamma, beta, g, epsilon, dx, dGamma, dBeta);
    },
    conv2dForward(x, filter, bias, g, relu, y, scratch) {
      const inputs = bias ? [x, filter, bias] : [x, filter];
      const done =
        simdCoversForward(g) &&
        (usesWinograd(g) && scratch !== undefined
          ? memory.runMany(inputs, [y, scratch], ([xAt, filterAt, biasAt], [yAt, scratchAt]) => {
              const w = winogradForward(g);
              kernels.winograd_filter_transform(filterAt!, scratchAt!, g.inChannels, g.outChannels);
              run(winogradCalls(w, xAt!, scratchAt!, biasAt ?? 0, yAt!, scratchAt! + winogradFilterFloats(w) * 4, relu, byImage(g)));
              usage.winograd++;
            })
          : forwardNeedsPadding(g) && scratch !== undefined
          ? memory.runMany(inputs, [y, scratch], ([xAt, filterAt, biasAt], [yAt, scratchAt]) => {
              run(paddedForwardCalls(g, xAt!, filterAt!, biasAt ?? 0, yAt!, scratchAt!, relu, byImage(g)));
              usage.paddedForward++;
            })
          : memory.run(inputs, y, ([xAt, filterAt, biasAt], yAt) => run(forwardCalls(g, xAt!, filterAt!, biasAt ?? 0, yAt, relu, byImage(g)))));
      if (!count(done)) jsLoops.conv2dForward(x, filter, bias, g, relu, y);
    },
    adamUpdate(g, m, v, w, k, m2, v2, w2) {
      const done = memory.runMany([g, m, v, w], [m2, v2, w2], ([gAt, mAt, vAt, wAt], [m2At, v2At, w2At]) =>
        kernels.adam_update(gAt!, mAt!, vAt!, wAt!, m2At!, v2At!, w2At!, g.length, k.beta1, k.beta2, k.learningRate, k.epsilon, k.c1, k.c2),
      );
      if (!count(done)) jsLoops.adamUpdate(g, m, v, w, k, m2, v2, w2);
    },
    compilesInputGradient: (g) => simdCoversConv(g) || usesStrideOneInputGradient(g) || usesWinograd(g),
    compilesForward: simdCoversForward,
    compilesMaxPool: poolTilesInput,
    filterGradientScratchFloats: (g) => {
      if (usesWinograd(g)) return winogradFilterGradientScratchFloats(winogradForward(g), byImage(g));
      return simdCoversConv(g) && byImage(g) > 1 ? byImage(g) * filterFloats(g) : 0;
    },
    batchNormPoolScratchFloats: (g) => (poolTilesInput(g) ? batchNormPoolScratchFloats(g, byImage(g)) : 0),
    batchNormScratchFloats: (rows, channels) => batchNormScratchFloats(rows, channels, batchNormParts(rows, threads)),
    maxPoolReluBiasScratchFloats: (g) => (poolTilesInput(g) ? byImage(g) * poolReluBiasScratchFloatsPerChunk(g.inChannels) : 0),
    forwardScratchFloats: (g) => {
      if (usesWinograd(g)) return winogradFilterFloats(winogradForward(g)) + byImage(g) * winogradChunkFloats(winogradForward(g));
      return simdCoversForward(g) && forwardNeedsPadding(g) ? byImage(g) * paddedImageFloats(g) : 0;
    },
    inputGradientScratchFloats: (g) => {
      const w = winogradInputGradient(g);
      if (usesWinograd(g)) return flippedFilterFloats(g) + winogradFilterFloats(w) + byImage(g) * winogradChunkFloats(w);
      return usesStrideOneInputGradient(g) ? strideOneInputGradientScratchFloats(g, byImage(g)) : 0;
    },
  };
}

/** Starts helper threads on a shared memory (kernel-threads-browser.ts / -node.ts). */
export type StartKernelThreads = (module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number) => Promise<KernelThreadPool>;

export interface KernelThreadOptions {
  /** Threads per kernel call, the caller included (1 or unset: no helper threads). */
  threads?: number;
  /** How to start the helpers; needed when threads > 1. */
  startThreads?: StartKernelThreads;
}

/** The loops, how they reach tensors, their call counts, and the threads each call may use. */
export interface SimdGradientLoops {
  loops: GradientLoops;
  mode: SimdMemoryMode;
  usage: SimdUsage;
  threads: number;
  /** Why fewer threads than asked run, when so. */
  threadsReason?: string;
  /** Whether the conv loops use relaxed SIMD's fused multiply-add (the relaxed build was given and runs). */
  fusedMultiplyAdd: boolean;
  /** Stops the helper threads; the loops then run on one thread. */
  close(): void;
}

/**
 * Compiles training-kernels.wasm (its bytes, so Node can read the file and a
 * browser can fetch its URL) and binds it to `backendMemory` when that is a
 * plain WebAssembly.Memory; binds training-kernels-shared.wasm (`sharedWasmBytes`)
 * to it when it is a shared one; else uses a private memory. Rejects where
 * WebAssembly SIMD is missing; the caller then keeps the JS loops.
 *
 * With `threads` > 1, the shared build and a shared memory, each call is split
 * across a pool of helper threads (work-split.ts). A plain backend memory cannot
 * be shared, so there the kernels stay on one thread; without a backend memory
 * the private one is made shared so the pool can work on it (tests in Node).
 */
export async function instantiateSimdGradientLoops(
  wasmBytes: BufferSource,
  backendMemory: WebAssembly.Memory | undefined,
  sharedWasmBytes?: BufferSource,
  threading: KernelThreadOptions = {},
): Promise<SimdGradientLoops> {
  const wantsThreads = (threading.threads ?? 1) > 1 && threading.startThreads !== undefined && sharedWasmBytes !== undefined;
  let bytes = wasmBytes;
  let memory: WebAssembly.Memory;
  let mode: SimdMemoryMode;
  if (backendMemory !== undefined && !isShared(backendMemory)) {
    [memory, mode] = [backendMemory, 'in-place'];
  } else if (backendMemory !== undefined && sharedWasmBytes !== undefined) {
    [bytes, memory, mode] = [sharedWasmBytes, backendMemory, 'in-place-shared'];
  } else if (backendMemory === undefined && wantsThreads) {
    [bytes, memory, mode] = [sharedWasmBytes!, new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true }), 'private-memory'];
  } else {
    [memory, mode] = [new WebAssembly.Memory({ initial: 16 }), 'private-memory'];
  }
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = instance.exports as unknown as TrainingKernelExports;
  const usage: SimdUsage = { simd: 0, js: 0, paddedForward: 0, strideOneInputGradient: 0, winograd: 0, filterByImage: 0 };
  let pool: KernelThreadPool | undefined;
  let threadsReason: string | undefined;
  if (wantsThreads && isShared(memory)) {
    try {
      pool = await threading.startThreads!(module, memory, threading.threads!);
    } catch (error) {
      threadsReason = error instanceof Error ? error.message : String(error);
    }
  } else if ((threading.threads ?? 1) > 1) {
    threadsReason = isShared(memory)
      ? 'no way to start threads was given'
      : "the backend's memory is not shared (the page is not cross-origin isolated)";
  }
  return {
    loops: gradientLoopsOn(kernels, new KernelMemory(memory, mode), usage, pool),
    mode,
    usage,
    threads: pool?.threads ?? 1,
    threadsReason,
    fusedMultiplyAdd: kernels.fused_multiply_add?.() === 1,
    close: () => pool?.close(),
  };
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}
