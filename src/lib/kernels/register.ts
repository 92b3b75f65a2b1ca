/**
 * Registers Digit Lab's gradient kernels for TF.js's 'wasm' backend, which in
 * 4.22 cannot train a CNN: it has no Conv2DBackpropFilter at all, its
 * MaxPoolGrad drops the gradient of windows whose maximum is negative (and is
 * slower than ours), and its Conv2DBackpropInput is a scalar loop that our SIMD
 * module beats 6-fold (our JS does not beat it, so without SIMD it keeps running).
 *
 * This relies on 4.22 backend internals (makeOutput, typedArrayFromHeap), so
 * the version is pinned and the tests in tests/unit/kernels check every kernel
 * against the 'cpu' backend; rerun them on any TF.js upgrade.
 */
import * as tf from '@tensorflow/tfjs';
import {
  conv2dBackpropFilter,
  conv2dBackpropInputWithFallback,
  depthwiseConv2dNativeBackpropFilter,
  JS_GRADIENT_LOOPS,
  maxPoolGrad,
  maxPoolReluBiasGrad,
  maxPoolWithFallback,
  reluBiasGrad,
  batchNormForward,
  batchNormGrad,
  batchNormMoments,
  batchNormPoolForward,
  batchNormPoolGrad,
  movingAverages,
  sharedIdentity,
  conv2dForwardWithFallback,
  adamUpdate,
  softmaxCrossEntropyKernel,
  useGradientLoops,
} from './gradient-kernels';
import { ADAM_UPDATE, BATCH_NORM_FORWARD, BATCH_NORM_GRAD, BATCH_NORM_MOMENTS, BATCH_NORM_POOL_FORWARD, BATCH_NORM_POOL_GRAD, MOVING_AVERAGES, CONV2D_FORWARD, MAX_POOL, MAX_POOL_RELU_BIAS_GRAD, RELU_BIAS_GRAD, SOFTMAX_CROSS_ENTROPY } from './kernel-names';
import { instantiateSimdGradientLoops, type KernelThreadOptions, type SimdMemoryMode, type SimdUsage } from './simd-gradient-loops';
import { sumWithLeadingAxesFastPath } from './sum-kernel';
import { wasmBackendMemory } from './wasm-backend-heap';

const BACKEND = 'wasm';

const OUR_KERNELS: Record<string, tf.KernelFunc> = {
  [tf.Conv2DBackpropFilter]: conv2dBackpropFilter,
  [tf.Conv2DBackpropInput]: conv2dBackpropInputWithFallback(() => stockWasmKernelFunc(tf.Conv2DBackpropInput)),
  [tf.MaxPoolGrad]: maxPoolGrad,
  [tf.DepthwiseConv2dNativeBackpropFilter]: depthwiseConv2dNativeBackpropFilter,
  [tf.Sum]: sumWithLeadingAxesFastPath(() => stockWasmKernelFunc(tf.Sum)),
  // Not a TF.js kernel: the fused training ops' ReLU + bias gradient (fused-training.ts).
  [RELU_BIAS_GRAD]: reluBiasGrad,
  [BATCH_NORM_MOMENTS]: batchNormMoments,
  [BATCH_NORM_FORWARD]: batchNormForward,
  [BATCH_NORM_GRAD]: batchNormGrad,
  // Batch norm → ReLU → a max pool tiling its input, as one op (fused-training.ts).
  [BATCH_NORM_POOL_FORWARD]: batchNormPoolForward,
  [BATCH_NORM_POOL_GRAD]: batchNormPoolGrad,
  [MOVING_AVERAGES]: movingAverages,
  [CONV2D_FORWARD]: conv2dForwardWithFallback(() => stockWasmKernelFunc(tf.FusedConv2D)),
  [ADAM_UPDATE]: adamUpdate,
  // The fused conv → ReLU → max-pool steps' pool and its gradient (fused-training.ts).
  [MAX_POOL]: maxPoolWithFallback(() => stockWasmKernelFunc(tf.MaxPool)),
  [MAX_POOL_RELU_BIAS_GRAD]: maxPoolReluBiasGrad,
  // The training loss and its gradient in one call (loss.ts).
  [SOFTMAX_CROSS_ENTROPY]: softmaxCrossEntropyKernel,
  // The stock wasm Identity copies the tensor; TF.js tensors are immutable, so a clone can share it (as on 'cpu').
  [tf.Identity]: sharedIdentity(() => stockWasmKernelFunc(tf.Identity)),
};

/** The kernel names this module registers for 'wasm'. */
export const WASM_TRAINING_KERNELS: readonly string[] = Object.keys(OUR_KERNELS);

/** The wasm backend's own configs we displaced, to compare against or to restore. */
const stockConfigs = new Map<string, tf.KernelConfig>();

function isOurs(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && (config.kernelFunc === OUR_KERNELS[config.kernelName] || config.kernelFunc === INFERENCE_CONVOLUTIONS[config.kernelName]);
}

/** Registers `kernels` for wasm in place of what is there, keeping the first stock config seen (later ones are ours). */
function replaceKernels(kernels: Record<string, tf.KernelFunc>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    const current = tf.getKernel(kernelName, BACKEND);
    if (current?.kernelFunc === kernelFunc) continue;
    if (current !== undefined) {
      if (!stockConfigs.has(kernelName) && !isOurs(current)) stockConfigs.set(kernelName, current);
      tf.unregisterKernel(kernelName, BACKEND);
    }
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
  }
}

/** Takes `kernels` out where they are registered and puts the stock ones back; ours that had no stock twin are removed. */
function restoreStockKernels(kernels: Record<string, tf.KernelFunc>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (tf.getKernel(kernelName, BACKEND)?.kernelFunc !== kernelFunc) continue;
    const stock = stockConfigs.get(kernelName);
    const stockFunc = stockWasmKernelFunc(kernelName);
    tf.unregisterKernel(kernelName, BACKEND);
    if (stock !== undefined && stockFunc !== undefined) tf.registerKernel({ ...stock, kernelFunc: stockFunc });
  }
}

/** Safe to call more than once, before or after `tf.setBackend('wasm')`. */
export function registerWasmTrainingKernels(): void {
  replaceKernels(OUR_KERNELS);
}

/** Puts the stock kernels back (for before/after benchmarks); ours that had no stock twin are removed. */
export function unregisterWasmTrainingKernels(): void {
  restoreStockKernels(OUR_KERNELS);
}

const INFERENCE_CONVOLUTIONS: Record<string, tf.KernelFunc> = {
  [tf.FusedConv2D]: conv2dForwardWithFallback(() => stockWasmKernelFunc(tf.FusedConv2D)),
  [tf.Conv2D]: conv2dForwardWithFallback(() => stockWasmKernelFunc(tf.Conv2D)),
  [tf.MaxPool]: maxPoolWithFallback(() => stockWasmKernelFunc(tf.MaxPool)),
};

/**
 * Our SIMD convolution and max pool for inference too (Conv2D, FusedConv2D and MaxPool: a model's
 * predict, evaluation, the non-fused layers of a training step),
 * on our kernel threads: for the training worker, where XNNPACK keeps one thread
 * (thread-count.ts). Pages do not call it: on a page's main thread our kernels have no threads,
 * and XNNPACK's own are faster there. Call after registerWasmTrainingKernelsWithSimd.
 */
export function useOurConvolutionsForInference(): void {
  replaceKernels(INFERENCE_CONVOLUTIONS);
}

/** Puts the backend's own Conv2D, FusedConv2D and MaxPool back. */
export function useStockConvolutionsForInference(): void {
  restoreStockKernels(INFERENCE_CONVOLUTIONS);
}

/**
 * The stock wasm kernel function we replaced, or undefined if the backend had
 * none. Stock kernels bind their C function in a setupFunc that TF.js runs only
 * for kernels registered when the backend starts; we run it before each call
 * (it only looks the function up) so the stock kernel works whenever we took it out.
 */
export function stockWasmKernelFunc(kernelName: string): tf.KernelFunc | undefined {
  const stock = stockConfigs.get(kernelName) ?? tf.getKernel(kernelName, BACKEND);
  if (stock === undefined || isOurs(stock)) return undefined;
  return (args) => {
    stock.setupFunc?.(args.backend as tf.KernelBackend);
    return stock.kernelFunc(args);
  };
}

/** Which loops the registered kernels run: WebAssembly SIMD (and how it reaches tensors), or plain JS. */
export type TrainingKernelLoops = SimdMemoryMode | 'js';

/**
 * Registers the kernels (as registerWasmTrainingKernels) and switches them to
 * the SIMD module, whose bytes the caller loads: `loadTrainingKernelsWasm()`
 * in wasm-bytes-node.ts (Node) or wasm-bytes-browser.ts (a `?url` import, Vite).
 * Call it after `await tf.setBackend('wasm')`, so the module can share the
 * backend's memory; pass `sharedWasmBytes` (training-kernels-shared.wasm,
 * `loadSharedTrainingKernelsWasm()`) so it can also share the threaded
 * backend's memory. Where WebAssembly SIMD is missing the JS loops stay: the
 * result says which loops run, `reason` why SIMD did not, and `usage` counts
 * the calls that ran in SIMD and those that fell back to JS. `threading`
 * splits each call across helper threads where the memory is shared (see
 * instantiateSimdGradientLoops); `threads` says how many each call may use.
 */
export async function registerWasmTrainingKernelsWithSimd(
  wasmBytes: BufferSource,
  sharedWasmBytes?: BufferSource,
  threading: KernelThreadOptions = {},
): Promise<{ loops: TrainingKernelLoops; usage?: SimdUsage; reason?: string; threads: number; threadsReason?: string; fusedMultiplyAdd: boolean }> {
  registerWasmTrainingKernels();
  const backend = tf.findBackend(BACKEND);
  if (backend === null) throw new Error('Start the wasm backend first: await tf.setBackend("wasm")');
  closeKernelThreads();
  try {
    const simd = await instantiateSimdGradientLoops(wasmBytes, wasmBackendMemory(backend), sharedWasmBytes, threading);
    useGradientLoops(simd.loops);
    closeActiveThreads = simd.close;
    return { loops: simd.mode, usage: simd.usage, threads: simd.threads, threadsReason: simd.threadsReason, fusedMultiplyAdd: simd.fusedMultiplyAdd };
  } catch (error) {
    useGradientLoops(JS_GRADIENT_LOOPS);
    return { loops: 'js', reason: error instanceof Error ? error.message : String(error), threads: 1, fusedMultiplyAdd: false };
  }
}

let closeActiveThreads: (() => void) | undefined;

/** Stops the helper threads of the registered SIMD loops, if any (they then run on one thread). */
export function closeKernelThreads(): void {
  closeActiveThreads?.();
  closeActiveThreads = undefined;
}

/** Back to the plain JS loops (tests and benchmarks compare the two). */
export function useJsTrainingKernelLoops(): void {
  useGradientLoops(JS_GRADIENT_LOOPS);
}
