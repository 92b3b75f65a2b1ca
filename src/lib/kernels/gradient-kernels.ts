/**
 * The TF.js kernel functions: read the attributes, allocate the output in the
 * wasm heap, then hand flat Float32Array views to the loops. Nothing here
 * allocates per element, and views are taken after makeOutput (see float32View).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dGeometry, depthwiseConv2dGeometry, maxPoolGeometry, type ConvGeometry } from './conv-geometry';
import * as jsLoops from './js-gradient-loops';
import { asWasmBackend, float32View, requireInput } from './wasm-backend-heap';

/** The loops a kernel runs; the SIMD module offers the same signatures. */
export interface GradientLoops
  extends Pick<
    typeof jsLoops,
    'conv2dFilterGradient' | 'conv2dInputGradient' | 'maxPoolInputGradient' | 'depthwiseFilterGradient' | 'channelSums' | 'reluBiasGradient'
  > {
  /**
   * Whether conv2dInputGradient runs compiled SIMD code for this geometry. Where
   * it does not, the stock wasm Conv2DBackpropInput (compiled scalar code) is
   * faster than our JS loop (30 vs 70 ms a step on the tutorial CNN), so it runs.
   */
  compilesInputGradient(geometry: ConvGeometry): boolean;
}

export const JS_GRADIENT_LOOPS: GradientLoops = { ...jsLoops, compilesInputGradient: () => false };

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
  activeLoops.conv2dFilterGradient(float32View(wasm, x), float32View(wasm, dy), geometry, float32View(wasm, dW));
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
    activeLoops.conv2dInputGradient(float32View(wasm, dy), float32View(wasm, filter), geometry, float32View(wasm, dx));
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

/** The fused ReLU + bias gradient's kernel name (registered for 'wasm' only; fused-training.ts calls it). */
export const RELU_BIAS_GRAD = 'DigitLabReluBiasGrad';

/** Inputs y (a ReLU's output, [..., C]) and dy; outputs dz = y > 0 ? dy : 0 and db = dz summed per channel, [C]. */
export const reluBiasGrad: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const y = requireInput(inputs, 'y', RELU_BIAS_GRAD);
  const dy = requireInput(inputs, 'dy', RELU_BIAS_GRAD);
  const channels = y.shape.at(-1) ?? 1;
  const rows = tf.util.sizeFromShape(y.shape) / channels;
  const dz = wasm.makeOutput(y.shape, 'float32');
  const db = wasm.makeOutput([channels], 'float32');
  activeLoops.reluBiasGradient(float32View(wasm, y), float32View(wasm, dy), rows, channels, float32View(wasm, dz), float32View(wasm, db));
  return [dz, db];
};
