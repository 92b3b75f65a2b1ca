/**
 * The TF.js kernel functions: read the attributes, allocate the output in the
 * wasm heap, then hand flat Float32Array views to the loops. Nothing here
 * allocates per element, and views are taken after makeOutput (see float32View).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dGeometry, depthwiseConv2dGeometry, maxPoolGeometry, type ConvGeometry } from './conv-geometry';
import * as jsLoops from './js-gradient-loops';
import { ADAM_UPDATE, BATCH_NORM_FORWARD, BATCH_NORM_GRAD, BATCH_NORM_MOMENTS, BATCH_NORM_POOL_FORWARD, BATCH_NORM_POOL_GRAD, MOVING_AVERAGES, CONV2D_FORWARD, MAX_POOL, MAX_POOL_RELU_BIAS_GRAD, RELU_BIAS_GRAD, SOFTMAX_CROSS_ENTROPY } from './kernel-names';
import { softmaxCrossEntropy as softmaxCrossEntropyLoop } from './softmax-cross-entropy';
import { asWasmBackend, float32View, int32View, requireInput, type WasmBackendHeap } from './wasm-backend-heap';

/** The loops a kernel runs; the SIMD module offers the same signatures. */
export interface GradientLoops
  extends Pick<
    typeof jsLoops,
    'conv2dInputGradient' | 'maxPoolInputGradient' | 'depthwiseFilterGradient' | 'channelSums' | 'reluBiasGradient'
    | 'channelMoments' | 'batchNormForward' | 'batchNormGradient' | 'adamUpdate' | 'maxPoolForward'
    | 'batchNormPoolForward' | 'batchNormPoolGradient'
  > {
  /** As the JS loop; `scratch` (maxPoolReluBiasScratchFloats long) lets the SIMD loop run it in one pass, on threads. */
  maxPoolReluBiasGradient(y: Float32Array, dy: Float32Array, g: ConvGeometry, dz: Float32Array, db: Float32Array, scratch?: Float32Array): void;
  /** Scratch floats the batch-norm loops (moments, forward, gradient) need for a [rows, channels] tensor (0: none). */
  batchNormScratchFloats(rows: number, channels: number): number;
  /** Scratch floats batch norm + ReLU + tiled max pool (forward or gradient) needs for this pool geometry (0: none). */
  batchNormPoolScratchFloats(geometry: ConvGeometry): number;
  /** Scratch floats maxPoolReluBiasGradient can use for this geometry (0: none). */
  maxPoolReluBiasScratchFloats(geometry: ConvGeometry): number;
  /** Whether maxPoolForward runs compiled SIMD code for this geometry (else the backend's own MaxPool runs). */
  compilesMaxPool(geometry: ConvGeometry): boolean;
  /** As the JS loop; `scratch` (forwardScratchFloats long) lets the SIMD loop convolve padded copies. */
  conv2dForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, g: ConvGeometry, relu: boolean, y: Float32Array, scratch?: Float32Array): void;
  /** As the JS loop; `scratch` (filterGradientScratchFloats long) lets the SIMD loop split it by image across threads. */
  conv2dFilterGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry, dW: Float32Array, scratch?: Float32Array): void;
  /** Scratch floats conv2dFilterGradient can use for this geometry (0: none). */
  filterGradientScratchFloats(geometry: ConvGeometry): number;
  /** As the JS loop; `scratch` (inputGradientScratchFloats long) lets the SIMD loop run stride 1 as a forward conv. */
  conv2dInputGradient(dy: Float32Array, filter: Float32Array, g: ConvGeometry, dx: Float32Array, scratch?: Float32Array): void;
  /** Scratch floats conv2dForward can use for this geometry (0: none). */
  forwardScratchFloats(geometry: ConvGeometry): number;
  /** Scratch floats conv2dInputGradient can use for this geometry (0: none). */
  inputGradientScratchFloats(geometry: ConvGeometry): number;
  /**
   * Whether conv2dInputGradient runs compiled SIMD code for this geometry. Where
   * it does not, the stock wasm Conv2DBackpropInput (compiled scalar code) is
   * faster than our JS loop (30 vs 70 ms a step on the tutorial CNN), so it runs.
   */
  compilesInputGradient(geometry: ConvGeometry): boolean;
  /** Whether conv2dForward runs compiled SIMD code for this geometry (else the backend's own conv runs). */
  compilesForward(geometry: ConvGeometry): boolean;
}

export const JS_GRADIENT_LOOPS: GradientLoops = {
  ...jsLoops,
  compilesInputGradient: () => false,
  compilesForward: () => false,
  compilesMaxPool: () => false,
  batchNormScratchFloats: () => 0,
  batchNormPoolScratchFloats: () => 0,
  maxPoolReluBiasScratchFloats: () => 0,
  filterGradientScratchFloats: () => 0,
  forwardScratchFloats: () => 0,
  inputGradientScratchFloats: () => 0,
};

// One set of loops for every kernel: TF.js's kernel registry is global too.
let activeLoops: GradientLoops = JS_GRADIENT_LOOPS;

/** The loops the kernels run now (the fused training ops call them too). */
export function activeGradientLoops(): GradientLoops {
  return activeLoops;
}

/** Switch every registered kernel to other loops (the SIMD module, or back to JS). */
export function useGradientLoops(loops: GradientLoops): void {
  activeLoops = loops;
}

export const conv2dBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const x = requireInput(inputs, 'x', tf.Conv2DBackpropFilter);
  const dy = requireInput(inputs, 'dy', tf.Conv2DBackpropFilter);
  const convAttrs = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const geometry = conv2dGeometry(tf.Conv2DBackpropFilter, x.shape, convAttrs.filterShape, convAttrs);
  const dW = wasm.makeOutput(geometry.filterShape, 'float32');
  withScratchFloats(wasm, activeLoops.filterGradientScratchFloats(geometry), (scratch) =>
    activeLoops.conv2dFilterGradient(float32View(wasm, x), float32View(wasm, dy), geometry, float32View(wasm, dW), scratch && float32View(wasm, scratch)),
  );
  return dW;
};

/**
 * Conv2DBackpropInput that runs our SIMD loop where it covers the geometry and
 * otherwise `slowerFallback()` (the stock kernel), or our JS loop if there is none.
 */
export function conv2dBackpropInputWithFallback(slowerFallback: () => tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const wasm = asWasmBackend(backend);
    const dy = requireInput(inputs, 'dy', tf.Conv2DBackpropInput);
    const filter = requireInput(inputs, 'filter', tf.Conv2DBackpropInput);
    const convAttrs = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const geometry = conv2dGeometry(tf.Conv2DBackpropInput, convAttrs.inputShape, filter.shape, convAttrs);
    const fallback = activeLoops.compilesInputGradient(geometry) ? undefined : slowerFallback();
    if (fallback !== undefined) return fallback(args);
    const dx = wasm.makeOutput(geometry.inShape, 'float32');
    withScratchFloats(wasm, activeLoops.inputGradientScratchFloats(geometry), (scratch) =>
      activeLoops.conv2dInputGradient(float32View(wasm, dy), float32View(wasm, filter), geometry, float32View(wasm, dx), scratch && float32View(wasm, scratch)),
    );
    return dx;
  };
}

export const maxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const dy = requireInput(inputs, 'dy', tf.MaxPoolGrad);
  const x = requireInput(inputs, 'input', tf.MaxPoolGrad);
  const geometry = maxPoolGeometry(x.shape, attrs as unknown as tf.MaxPoolGradAttrs);
  if (geometry.dilationHeight !== 1 || geometry.dilationWidth !== 1) {
    throw new Error('MaxPoolGrad (Digit Lab wasm kernel) supports only dilation 1');
  }
  const dx = wasm.makeOutput(x.shape, 'float32');
  activeLoops.maxPoolInputGradient(float32View(wasm, x), float32View(wasm, dy), geometry, float32View(wasm, dx));
  return dx;
};

/** The pool geometry of MaxPool's attributes (filterSize, strides, pad, dimRoundingMode) on input `shape`. */
function poolGeometryOf(shape: readonly number[], attrs: unknown): ConvGeometry {
  return maxPoolGeometry(shape, attrs as tf.MaxPoolGradAttrs);
}

/**
 * MaxPool (input x) on our SIMD loop where it covers the geometry (windows that tile the input,
 * float32), otherwise `stock()` (the backend's own), or our JS loop if there is none.
 */
export function maxPoolWithFallback(stock: () => tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = requireInput(inputs, 'x', tf.MaxPool);
    const geometry = x.shape.length === 4 && x.dtype === 'float32' ? poolGeometryOf(x.shape, attrs) : undefined;
    const fallback = geometry !== undefined && activeLoops.compilesMaxPool(geometry) ? undefined : stock();
    if (fallback !== undefined) return fallback(args);
    if (geometry === undefined) throw new Error(`${MAX_POOL}: needs a float32 [batch, height, width, channels] input`);
    const wasm = asWasmBackend(backend);
    const y = wasm.makeOutput(geometry.outShape, 'float32');
    activeLoops.maxPoolForward(float32View(wasm, x), geometry, float32View(wasm, y));
    return y;
  };
}

/** Inputs y (a ReLU's output) and dy (the pool's output gradient); MaxPool's attrs. Outputs dz and db (see MAX_POOL_RELU_BIAS_GRAD). */
export const maxPoolReluBiasGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const y = requireInput(inputs, 'y', MAX_POOL_RELU_BIAS_GRAD);
  const dy = requireInput(inputs, 'dy', MAX_POOL_RELU_BIAS_GRAD);
  const geometry = poolGeometryOf(y.shape, attrs);
  const dz = wasm.makeOutput(y.shape, 'float32');
  const db = wasm.makeOutput([geometry.inChannels], 'float32');
  withScratchFloats(wasm, activeLoops.maxPoolReluBiasScratchFloats(geometry), (scratch) => {
    const view = (t: tf.TensorInfo) => float32View(wasm, t);
    activeLoops.maxPoolReluBiasGradient(view(y), view(dy), geometry, view(dz), view(db), scratch && view(scratch));
  });
  return [dz, db];
};

export const depthwiseConv2dNativeBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const x = requireInput(inputs, 'x', tf.DepthwiseConv2dNativeBackpropFilter);
  const dy = requireInput(inputs, 'dy', tf.DepthwiseConv2dNativeBackpropFilter);
  const geometry = depthwiseConv2dGeometry(
    tf.DepthwiseConv2dNativeBackpropFilter,
    x.shape,
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs,
  );
  const dW = wasm.makeOutput(geometry.filterShape, 'float32');
  activeLoops.depthwiseFilterGradient(float32View(wasm, x), float32View(wasm, dy), geometry, float32View(wasm, dW));
  return dW;
};

/** Inputs y (a ReLU's output, [..., C]) and dy; outputs dz = y > 0 ? dy : 0 and db = dz summed per channel, [C]. */
export const reluBiasGrad: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const y = requireInput(inputs, 'y', RELU_BIAS_GRAD);
  const dy = requireInput(inputs, 'dy', RELU_BIAS_GRAD);
  const [channels, rows] = channelsAndRows(y);
  const dz = wasm.makeOutput(y.shape, 'float32');
  const db = wasm.makeOutput([channels], 'float32');
  activeLoops.reluBiasGradient(float32View(wasm, y), float32View(wasm, dy), rows, channels, float32View(wasm, dz), float32View(wasm, db));
  return [dz, db];
};

/** The attributes of the batch-norm forward and gradient kernels. */
interface BatchNormKernelAttrs {
  epsilon: number;
  relu: boolean;
}

/** Runs `body` with the batch-norm loops' scratch in the wasm heap (none for the JS loops), freed afterwards (the module has no memory of its own). */
function withBatchNormScratch<T>(wasm: WasmBackendHeap, rows: number, channels: number, body: (scratch: tf.TensorInfo | undefined) => T): T {
  return withScratchFloats(wasm, activeLoops.batchNormScratchFloats(rows, channels), body);
}

/** Runs `body` with `floats` of scratch in the wasm heap (none when 0), freed afterwards. Take views inside `body`. */
function withScratchFloats<T>(wasm: WasmBackendHeap, floats: number, body: (scratch: tf.TensorInfo | undefined) => T): T {
  if (floats <= 0) return body(undefined);
  const scratch = wasm.makeOutput([floats], 'float32');
  try {
    return body(scratch);
  } finally {
    wasm.disposeData(scratch.dataId);
  }
}

function channelsAndRows(x: tf.TensorInfo): [number, number] {
  const channels = x.shape.at(-1) ?? 1;
  return [channels, tf.util.sizeFromShape(x.shape) / channels];
}

/** Input x [..., C]; outputs the batch's mean and biased variance per channel, [C] each. */
export const batchNormMoments: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const x = requireInput(inputs, 'x', BATCH_NORM_MOMENTS);
  const [channels, rows] = channelsAndRows(x);
  const mean = wasm.makeOutput([channels], 'float32');
  const variance = wasm.makeOutput([channels], 'float32');
  withBatchNormScratch(wasm, rows, channels, (scratch) =>
    activeLoops.channelMoments(float32View(wasm, x), rows, channels, float32View(wasm, mean), float32View(wasm, variance), scratch && float32View(wasm, scratch)),
  );
  return [mean, variance];
};

/** Inputs x, mean, variance, gamma, beta; output the normalised x (through a ReLU when attrs.relu). */
export const batchNormForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const [x, mean, variance, gamma, beta] = ['x', 'mean', 'variance', 'gamma', 'beta'].map((name) => requireInput(inputs, name, BATCH_NORM_FORWARD)) as tf.TensorInfo[];
  const { epsilon, relu } = attrs as unknown as BatchNormKernelAttrs;
  const [channels, rows] = channelsAndRows(x!);
  const y = wasm.makeOutput(x!.shape, 'float32');
  withBatchNormScratch(wasm, rows, channels, (scratch) => {
    const view = (t: tf.TensorInfo) => float32View(wasm, t);
    activeLoops.batchNormForward(view(x!), view(mean!), view(variance!), view(gamma!), view(beta!), rows, channels, epsilon, relu, view(y), scratch && view(scratch));
  });
  return y;
};

/** Inputs x, dy, y (the output, read when attrs.relu), mean, variance, gamma; outputs dx, dgamma, dbeta. */
export const batchNormGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const [x, dy, y, mean, variance, gamma] = ['x', 'dy', 'y', 'mean', 'variance', 'gamma'].map((name) => requireInput(inputs, name, BATCH_NORM_GRAD)) as tf.TensorInfo[];
  const { epsilon, relu } = attrs as unknown as BatchNormKernelAttrs;
  const [channels, rows] = channelsAndRows(x!);
  const dx = wasm.makeOutput(x!.shape, 'float32');
  const dGamma = wasm.makeOutput([channels], 'float32');
  const dBeta = wasm.makeOutput([channels], 'float32');
  withBatchNormScratch(wasm, rows, channels, (scratch) => {
    const view = (t: tf.TensorInfo) => float32View(wasm, t);
    activeLoops.batchNormGradient(view(x!), view(dy!), view(y!), view(mean!), view(variance!), view(gamma!), rows, channels, epsilon, relu, view(dx), view(dGamma), view(dBeta), scratch && view(scratch));
  });
  return [dx, dGamma, dBeta];
};

/** The attributes of the batch norm + ReLU + max pool kernels: epsilon and MaxPool's. */
type BatchNormPoolKernelAttrs = { epsilon: number } & tf.NamedAttrMap;

/** Inputs x, mean, variance, gamma, beta; output the max pool (windows tiling x) of the normalised x through a ReLU. */
export const batchNormPoolForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const [x, mean, variance, gamma, beta] = ['x', 'mean', 'variance', 'gamma', 'beta'].map((name) => requireInput(inputs, name, BATCH_NORM_POOL_FORWARD)) as tf.TensorInfo[];
  const geometry = poolGeometryOf(x!.shape, attrs);
  const y = wasm.makeOutput([geometry.batchSize, geometry.outHeight, geometry.outWidth, geometry.outChannels], 'float32');
  withScratchFloats(wasm, activeLoops.batchNormPoolScratchFloats(geometry), (scratch) => {
    const view = (t: tf.TensorInfo) => float32View(wasm, t);
    const { epsilon } = attrs as unknown as BatchNormPoolKernelAttrs;
    activeLoops.batchNormPoolForward(view(x!), view(mean!), view(variance!), view(gamma!), view(beta!), geometry, epsilon, view(y), scratch && view(scratch));
  });
  return y;
};

/** Inputs x, dy (the pooled output's gradient), mean, variance, gamma, beta; outputs dx, dgamma, dbeta. */
export const batchNormPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const [x, dy, mean, variance, gamma, beta] = ['x', 'dy', 'mean', 'variance', 'gamma', 'beta'].map((name) => requireInput(inputs, name, BATCH_NORM_POOL_GRAD)) as tf.TensorInfo[];
  const geometry = poolGeometryOf(x!.shape, attrs);
  const dx = wasm.makeOutput(x!.shape, 'float32');
  const dGamma = wasm.makeOutput([geometry.inChannels], 'float32');
  const dBeta = wasm.makeOutput([geometry.inChannels], 'float32');
  withScratchFloats(wasm, activeLoops.batchNormPoolScratchFloats(geometry), (scratch) => {
    const view = (t: tf.TensorInfo) => float32View(wasm, t);
    const { epsilon } = attrs as unknown as BatchNormPoolKernelAttrs;
    activeLoops.batchNormPoolGradient(
      view(x!), view(dy!), view(mean!), view(variance!), view(gamma!), view(beta!), geometry, epsilon, view(dx), view(dGamma), view(dBeta), scratch && view(scratch),
    );
  });
  return [dx, dGamma, dBeta];
};

/**
 * Inputs movingMean, movingVariance, mean, variance ([C] each); attr decay. Outputs the new moving
 * mean and variance: average − (average − value) · decay, rounded to float32 after each operation
 * as TF.js's Sub, Mul and Sub round them (a few floats: JS, not the SIMD module).
 */
export const movingAverages: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const [movingMean, movingVariance, mean, variance] = ['movingMean', 'movingVariance', 'mean', 'variance'].map((name) => requireInput(inputs, name, MOVING_AVERAGES)) as tf.TensorInfo[];
  const decay = Math.fround((attrs as unknown as { decay: number }).decay);
  const outputs = [movingMean!, movingVariance!].map((average) => wasm.makeOutput(average.shape, 'float32'));
  [[movingMean!, mean!], [movingVariance!, variance!]].forEach(([average, value], i) => {
    const [current, batch, next] = [float32View(wasm, average!), float32View(wasm, value!), float32View(wasm, outputs[i]!)];
    for (let c = 0; c < next.length; c++) next[c] = current[c]! - Math.fround(Math.fround(current[c]! - batch[c]!) * decay);
  });
  return outputs;
};

/**
 * The fused training loss (SOFTMAX_CROSS_ENTROPY, softmax-cross-entropy.ts): inputs logits
 * [rows, classes] float32 and labels [rows] int32, attr labelSmoothing; outputs the mean loss,
 * its gradient with respect to the logits, and the count of rows read right. A few thousand
 * numbers: plain JS, one call, where the composed loss and count are about forty kernel calls.
 */
export const softmaxCrossEntropyKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const logits = requireInput(inputs, 'logits', SOFTMAX_CROSS_ENTROPY);
  const labels = requireInput(inputs, 'labels', SOFTMAX_CROSS_ENTROPY);
  if (logits.shape.length !== 2 || labels.shape.length !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(`${SOFTMAX_CROSS_ENTROPY}: logits [rows, classes] and labels [rows] expected, got [${logits.shape}] and [${labels.shape}]`);
  }
  const { labelSmoothing } = attrs as unknown as { labelSmoothing: number };
  const outputs = [wasm.makeOutput([], 'float32'), wasm.makeOutput(logits.shape, 'float32'), wasm.makeOutput([], 'int32')];
  const { loss, correct } = softmaxCrossEntropyLoop(float32View(wasm, logits), int32View(wasm, labels), logits.shape[1]!, labelSmoothing, float32View(wasm, outputs[1]!));
  float32View(wasm, outputs[0]!)[0] = loss;
  int32View(wasm, outputs[2]!)[0] = correct;
  return outputs;
};

/**
 * Identity (what tensor.clone() and a float32→float32 cast run) sharing the input's memory,
 * as the 'cpu' backend's does and as the wasm backend's own Reshape does, instead of copying
 * it: every tensor a gradient saves for later is a clone, and TF.js never writes into a tensor.
 * Strings go to the stock kernel.
 */
export function sharedIdentity(stock: () => tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const x = requireInput(args.inputs, 'x', tf.Identity);
    if (x.dtype === 'string') {
      const stockIdentity = stock();
      if (!stockIdentity) throw new Error('Identity: the wasm backend has no stock kernel for strings');
      return stockIdentity(args);
    }
    (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/**
 * FusedConv2D (and Conv2D, which has no bias and no activation) with a linear or ReLU
 * activation, NHWC and dilation 1, on our SIMD loop and threads where the loops compile it;
 * anything else goes to `stock()` (the backend's own kernel, XNNPACK) with the same inputs
 * and attributes. The training worker registers it for Conv2D and FusedConv2D too
 * (useOurConvolutionsForInference), so that its evaluation runs on our threads while XNNPACK
 * keeps one (thread-count.ts).
 */
export function conv2dForwardWithFallback(stock: () => tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = requireInput(inputs, 'x', CONV2D_FORWARD);
    const filter = requireInput(inputs, 'filter', CONV2D_FORWARD);
    const bias = inputs.bias;
    const convAttrs = attrs as unknown as tf.FusedConv2DAttrs;
    const activation = convAttrs.activation ?? 'linear';
    const dilations = convAttrs.dilations ?? 1;
    const plain =
      (activation === 'relu' || activation === 'linear') &&
      (bias === undefined || bias.shape.length === 1) &&
      (convAttrs.dataFormat === undefined || convAttrs.dataFormat === 'NHWC') &&
      (Array.isArray(dilations) ? dilations.every((d) => d === 1) : dilations === 1) &&
      x.dtype === 'float32' &&
      filter.dtype === 'float32';
    const geometry = plain
      ? conv2dGeometry(CONV2D_FORWARD, x.shape, filter.shape, { ...convAttrs, dataFormat: 'NHWC' } as unknown as tf.Conv2DBackpropFilterAttrs)
      : undefined;
    if (geometry === undefined || !activeLoops.compilesForward(geometry)) {
      const stockConv = stock();
      if (!stockConv) throw new Error(`${CONV2D_FORWARD}: the wasm backend has no stock convolution to fall back to`);
      return stockConv(args);
    }
    const wasm = asWasmBackend(backend);
    const y = wasm.makeOutput(geometry.outShape, 'float32');
    withScratchFloats(wasm, activeLoops.forwardScratchFloats(geometry), (scratch) => {
      const view = (t: tf.TensorInfo) => float32View(wasm, t);
      activeLoops.conv2dForward(view(x), view(filter), bias ? view(bias) : null, geometry, activation === 'relu', view(y), scratch && view(scratch));
    });
    return y;
  };
}

/**
 * Inputs g, m, v, w (one variable's gradient, moments and value) and the scalars c1 = 1 − β1^t,
 * c2 = 1 − β2^t; attrs beta1, beta2, learningRate, epsilon. Outputs the new m, v and w.
 */
export const adamUpdate: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const [g, m, v, w, c1, c2] = ['g', 'm', 'v', 'w', 'c1', 'c2'].map((name) => requireInput(inputs, name, ADAM_UPDATE)) as tf.TensorInfo[];
  const { beta1, beta2, learningRate, epsilon } = attrs as unknown as { beta1: number; beta2: number; learningRate: number; epsilon: number };
  const outputs = [wasm.makeOutput(w!.shape, 'float32'), wasm.makeOutput(w!.shape, 'float32'), wasm.makeOutput(w!.shape, 'float32')];
  const view = (t: tf.TensorInfo) => float32View(wasm, t);
  const step = { beta1, beta2, learningRate, epsilon, c1: view(c1!)[0]!, c2: view(c2!)[0]! };
  activeLoops.adamUpdate(view(g!), view(m!), view(v!), view(w!), step, view(outputs[0]!), view(outputs[1]!), view(outputs[2]!));
  return outputs;
};
