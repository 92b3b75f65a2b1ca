/**
 * A faster gradient for TF.js's FusedBatchNorm. The stock one (tfjs-core
 * 4.22, gradients/FusedBatchNorm_grad) tiles the per-channel 1/σ to the full
 * size of the activations before multiplying, and the wasm backend's Tile is
 * a scalar loop: in the default recipe it was half of every training step
 * (188 of 388 ms, scripts/profile-recipe.ts). Broadcasting the [C] vector over
 * the last axis gives the same numbers with no full-size copy, and the
 * per-channel factors are computed once instead of once per derivative.
 *
 * It is a gradient, not a kernel, so it serves every backend (cpu, webgl too).
 */
import * as tf from '@tensorflow/tfjs';
import { overrideGradient, restoreGradient, type GradConfig } from './gradient-override';

export const fastBatchNormGradient: GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const dyTensor = dy as tf.Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    // The axes that mean and variance were reduced over: all but the channels, for NHWC.
    const axes = reductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => (axes.length > 0 ? tf.sum(t, axes) : t);
    const oneOverSigma = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const xMinusMean = () => tf.sub(x, mean);
    return {
      x: () => tf.reshape(tf.mul(dyTensor, tf.mul(oneOverSigma, scaleValue)), x.shape),
      mean: () => tf.reshape(tf.mul(tf.neg(tf.mul(oneOverSigma, scaleValue)), reduce(dyTensor)), mean.shape),
      variance: () => {
        const minusHalfSigmaCubed = tf.mul(tf.pow(oneOverSigma, tf.scalar(3)), tf.scalar(-0.5));
        return tf.reshape(tf.mul(tf.mul(minusHalfSigmaCubed, scaleValue), reduce(tf.mul(dyTensor, xMinusMean()))), mean.shape);
      },
      scale: () => tf.reshape(tf.mul(oneOverSigma, reduce(tf.mul(dyTensor, xMinusMean()))), mean.shape),
      offset: () => tf.reshape(reduce(dyTensor), mean.shape),
    };
  },
};

/** Installs the faster gradient (idempotent). */
export function registerFastBatchNormGradient(): void {
  overrideGradient(fastBatchNormGradient);
}

export function restoreStockBatchNormGradient(): void {
  restoreGradient(tf.FusedBatchNorm);
}

/** Axes of `full` that `reduced` (broadcast against it) does not keep. */
function reductionAxes(reduced: number[], full: number[]): number[] {
  const offset = full.length - reduced.length;
  const axes: number[] = [];
  for (let axis = 0; axis < full.length; axis++) {
    const size = axis - offset >= 0 ? reduced[axis - offset] : 1;
    if (size === 1 && full[axis] !== 1) axes.push(axis);
  }
  return axes;
}
