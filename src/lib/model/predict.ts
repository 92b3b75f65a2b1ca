/**
 * Running a model forward: from 0..1 pixels to one score per digit (logits), and from there
 * to probabilities for a page to show.
 */
import type { LayersModel, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { fusedTrainingLogits } from '../kernels/fused-training';
import { DIGIT_CLASSES, IMAGE_SIDE } from './config';
import type { Tfjs } from './tfjs';

/** `count` 28×28 images, 0..1, as the [count, 28, 28, 1] tensor the model reads. */
export function imagesToTensor(tf: Tfjs, pixels: Float32Array, count: number): Tensor4D {
  return tf.tensor4d(pixels, [count, IMAGE_SIDE, IMAGE_SIDE, 1]);
}

/**
 * The model's raw scores, [count, 10]. `training` switches dropout on and makes batch norm
 * use (and update) the batch's own statistics instead of its moving averages.
 */
export function logitsOf(tf: Tfjs, model: LayersModel, images: Tensor4D, training: boolean): Tensor2D {
  // Training on wasm: conv and dense layers as fused ops with their own gradients (same numbers, fewer passes).
  const output = (training ? fusedTrainingLogits(tf, model, images) : null) ?? model.apply(images, { training });
  if (!(output instanceof tf.Tensor) || output.rank !== 2 || output.shape[1] !== DIGIT_CLASSES) {
    throw new Error(`The model must output one score per digit ([count, ${DIGIT_CLASSES}])`);
  }
  return output as Tensor2D;
}

/**
 * Probabilities for `count` images of 0..1 pixels: count × 10 numbers, image by image, each
 * row summing to 1. The softmax is applied here because the model itself outputs logits.
 */
export async function predictDigits(tf: Tfjs, model: LayersModel, pixels: Float32Array, count: number): Promise<Float32Array> {
  const probabilities = tf.tidy(() => tf.softmax(logitsOf(tf, model, imagesToTensor(tf, pixels, count), false)));
  try {
    return Float32Array.from(await probabilities.data());
  } finally {
    probabilities.dispose();
  }
}
