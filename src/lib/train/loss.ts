/**
 * How wrong the model is: cross-entropy between the softmax of its scores and the labels,
 * with optional label smoothing; and how often its top score is the right digit.
 */
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { DIGIT_CLASSES } from '../model/config';
import type { Tfjs } from '../model/tfjs';

/**
 * Mean cross-entropy over the batch. TF computes the softmax and the logarithm together,
 * which stays finite where log(softmax(x)) done in two steps would underflow to −∞.
 * Label smoothing s trains toward 1 − s + s/10 for the right digit and s/10 for the others,
 * so the model is not pushed toward ever more confident (ever larger) scores.
 */
export function classificationLoss(tf: Tfjs, logits: Tensor2D, labels: Tensor1D, labelSmoothing: number): Scalar {
  const targets = tf.oneHot(labels, DIGIT_CLASSES);
  return tf.losses.softmaxCrossEntropy<Tensor, Scalar>(targets, logits, undefined, labelSmoothing);
}

/** Cross-entropy summed over the batch, unsmoothed: evaluation adds batches up, then divides once. */
export function summedCrossEntropy(tf: Tfjs, logits: Tensor2D, labels: Tensor1D): Scalar {
  const targets = tf.oneHot(labels, DIGIT_CLASSES);
  return tf.losses.softmaxCrossEntropy<Tensor, Scalar>(targets, logits, undefined, 0, tf.Reduction.SUM);
}

/** How many images' highest score is their label. */
export function countCorrect(tf: Tfjs, logits: Tensor2D, labels: Tensor1D): Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32'));
}

/** Labels as the int32 tensor oneHot and equal expect. */
export function labelsToTensor(tf: Tfjs, labels: Uint8Array): Tensor1D {
  return tf.tensor1d(Int32Array.from(labels), 'int32');
}
