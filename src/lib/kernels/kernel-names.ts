/**
 * The names of Digit Lab's own wasm kernels (not TF.js kernels), in a module that imports
 * nothing: the model code (fused-training.ts, the optimizer) names them without loading
 * TF.js itself, so a page that reads models only (lesson 7's pad) keeps its small TF.js.
 */
/** Inputs y (a ReLU's output) and dy; outputs dz = y > 0 ? dy : 0 and the per-channel sums of dz. */
export const RELU_BIAS_GRAD = 'DigitLabReluBiasGrad';
/** The fused batch-norm kernels: the batch's moments, the normalisation (and ReLU), the gradient. */
export const BATCH_NORM_MOMENTS = 'DigitLabBatchNormMoments';
export const BATCH_NORM_FORWARD = 'DigitLabBatchNormForward';
export const BATCH_NORM_GRAD = 'DigitLabBatchNormGrad';
/**
 * Batch norm, ReLU and a max pool whose windows tile the input, as one op: inputs x, mean,
 * variance, gamma, beta (the gradient dy too); attrs epsilon and MaxPool's. The forward
 * writes the pooled output only; the gradient's outputs are dx, dgamma, dbeta.
 */
export const BATCH_NORM_POOL_FORWARD = 'DigitLabBatchNormReluPool';
export const BATCH_NORM_POOL_GRAD = 'DigitLabBatchNormReluPoolGrad';
/**
 * A batch norm's moving averages after a training step: inputs movingMean, movingVariance and the
 * batch's mean and variance; attr decay (1 − momentum); outputs both new averages, each
 * average − (average − batch value) · decay in float32 as tfjs-layers computes it, in one op.
 */
export const MOVING_AVERAGES = 'DigitLabMovingAverages';
/** FusedConv2D (linear or ReLU) on our SIMD loop and threads. */
export const CONV2D_FORWARD = 'DigitLabConv2D';
/** One Adam step of one variable: new first and second moments and the new value, in one pass. */
export const ADAM_UPDATE = 'DigitLabAdam';
/** MaxPool on our SIMD loop and threads where the windows tile the input (else the backend's own). */
export const MAX_POOL = 'DigitLabMaxPool';
/**
 * Inputs y (a ReLU's output, a max pool's input) and dy (the pool output's gradient); attrs as
 * MaxPool's. Outputs dz (the gradient through the pool and the ReLU) and its per-channel sums (the bias's).
 */
export const MAX_POOL_RELU_BIAS_GRAD = 'DigitLabMaxPoolReluBiasGrad';
/**
 * The training loss in one op: inputs logits [rows, classes] (float32) and labels [rows]
 * (int32); attr labelSmoothing. Outputs the mean softmax cross-entropy against the smoothed
 * one-hot labels (a scalar), its gradient with respect to the logits, and how many rows'
 * first largest logit is their label (an int32 scalar), where TF.js composes about forty ops.
 */
export const SOFTMAX_CROSS_ENTROPY = 'DigitLabSoftmaxCrossEntropy';
