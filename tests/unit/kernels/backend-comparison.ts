/**
 * Helpers shared by the kernel tests: seeded random arrays, running the same
 * computation on the 'cpu' and 'wasm' backends, and the error measure.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../src/lib/data/random';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { useGradientLoops } from '../../../src/lib/kernels/gradient-kernels';
import {
  registerWasmTrainingKernelsWithSimd,
  useJsTrainingKernelLoops,
  type TrainingKernelLoops,
} from '../../../src/lib/kernels/register';
import { instantiateSimdGradientLoops, type SimdUsage } from '../../../src/lib/kernels/simd-gradient-loops';
import { createNodeKernelThreadPool } from '../../../src/lib/kernels/kernel-threads-node';
import { loadSharedTrainingKernelsWasm, loadTrainingKernelsWasm } from '../../../src/lib/kernels/wasm-bytes-node';

/** The tolerance of every comparison: max |ours − cpu| ≤ 1e-4 · max |cpu|. */
export const RELATIVE_TOLERANCE = 1e-4;

/**
 * Every comparison runs once per way our kernels can compute. 'threads': the
 * SIMD loops split across THREADS threads of a Node worker pool, on a shared
 * private memory (Node's wasm backend is single-threaded, its memory plain).
 */
export type KernelLoopsUnderTest = TrainingKernelLoops | 'threads' | 'plain-simd';
/**
 * 'in-place', 'private-memory' and 'threads' run the relaxed-SIMD build (fused multiply-add,
 * vitest.config.ts lets Node validate it); 'plain-simd' runs the plain-SIMD build in place.
 */
export const KERNEL_LOOPS: readonly KernelLoopsUnderTest[] = ['js', 'in-place', 'plain-simd', 'private-memory', 'threads'];
/** Three, so that batches and filter taps split unevenly (and batch 1 leaves threads idle). */
export const THREADS = 3;

/**
 * Starts the wasm backend with our kernels running `loops`. Returns the SIMD
 * call counts (zero for JS), so a suite can check the SIMD code really ran.
 */
export async function useWasmWithOurKernels(loops: KernelLoopsUnderTest): Promise<SimdUsage> {
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start');
  const bytes = await loadTrainingKernelsWasm({ relaxed: loops !== 'plain-simd' });
  const result = await registerWasmTrainingKernelsWithSimd(bytes);
  expect(result.loops, result.reason).toBe('in-place'); // Node 20 has WebAssembly SIMD
  // Under vitest Node validates relaxed SIMD, so every SIMD mode but 'plain-simd' runs the fused multiply-add.
  expect(result.fusedMultiplyAdd).toBe(loops !== 'plain-simd');
  if (loops === 'js') useJsTrainingKernelLoops();
  if (loops === 'threads') {
    const threaded = await instantiateSimdGradientLoops(bytes, undefined, await loadSharedTrainingKernelsWasm({ relaxed: true }), {
      threads: THREADS,
      startThreads: createNodeKernelThreadPool,
    });
    expect(threaded.threads, threaded.threadsReason).toBe(THREADS);
    useGradientLoops(threaded.loops);
    return threaded.usage;
  }
  if (loops === 'private-memory') {
    const privateLoops = await instantiateSimdGradientLoops(bytes, undefined);
    useGradientLoops(privateLoops.loops);
    return privateLoops.usage;
  }
  return loops === 'js' ? { simd: 0, js: 0, paddedForward: 0, strideOneInputGradient: 0, winograd: 0, filterByImage: 0 } : result.usage!;
}

/** A seeded generator (the project's mulberry32), so a failing case can be rerun exactly. */
export const seededRandom = mulberry32;

/** Uniform values in [-1, 1); `levels` quantizes them so that ties (equal maxima) happen. */
export function randomArray(size: number, random: () => number, levels?: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const u = random() * 2 - 1;
    values[i] = levels === undefined ? u : Math.round(u * levels) / levels;
  }
  return values;
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Runs `compute` on a backend and reads its tensors back as plain arrays, leaving no tensors behind. */
export async function runOn(backendName: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backendName);
  const before = tf.memory().numTensors;
  const outputs = tf.tidy(compute);
  const values = outputs.map((tensor) => tensor.dataSync() as Float32Array);
  tf.dispose(outputs);
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

/** max |actual − expected| relative to max |expected| (absolute when expected is all zeros). */
export function relativeMaxError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let maxExpected = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
    maxExpected = Math.max(maxExpected, Math.abs(expected[i]!));
  }
  if (Number.isNaN(maxDiff)) return Infinity;
  return maxExpected > 0 ? maxDiff / maxExpected : maxDiff;
}

export function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  const error = relativeMaxError(actual, expected);
  expect(error, `${what}: relative max error ${error}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
}
