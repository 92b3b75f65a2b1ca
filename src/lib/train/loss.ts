/**
 * How wrong the model is: cross-entropy between the softmax of its scores and the labels,
 * with optional label smoothing; and how often its top score is the right digit.
 */
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { SOFTMAX_CROSS_ENTROPY } from '../kernels/kernel-names';
import { DIGIT_CLASSES } from '../model/config';
import type { Tfjs } from '../model/tfjs';

/**
 * Mean cross-entropy over the batch. TF computes the softmax and the logarithm together,
 * which stays finite where log(softmax(x)) done in two steps would underflow to −∞.
 * Label smoothing s trains toward 1 − s + s/10 for the right digit and s/10 for the others,
 * so the model is not pushed toward ever more confident (ever larger) scores.
 */
export function classificationLoss(tf: Tfjs, logits: Tensor2D, labels: Tensor1D, labelSmoothing: number): Scalar {
  const fused = fusedLoss(tf, logits, labels, labelSmoothing);
  if (fused) {
    fused.correct.dispose();
    return fused.loss;
  }
  return composedLoss(tf, logits, labels, labelSmoothing);
}

/**
 * The loss and how many images the same logits read right, as a training step wants them.
 * `correct` is kept (tf.keep), so that it can leave a gradient's tidy: disposing it is the
 * caller's job. On wasm with our kernels both come from one op (SOFTMAX_CROSS_ENTROPY: the
 * loss, its gradient and the count in one pass over the logits) instead of about forty.
 */
export function classificationLossAndCorrect(tf: Tfjs, logits: Tensor2D, labels: Tensor1D, labelSmoothing: number): { loss: Scalar; correct: Scalar } {
  const fused = fusedLoss(tf, logits, labels, labelSmoothing);
  if (fused) return fused;
  return { loss: composedLoss(tf, logits, labels, labelSmoothing), correct: tf.keep(countCorrect(tf, logits, labels)) };
}

function composedLoss(tf: Tfjs, logits: Tensor2D, labels: Tensor1D, labelSmoothing: number): Scalar {
  const targets = tf.oneHot(labels, DIGIT_CLASSES);
  return tf.losses.softmaxCrossEntropy<Tensor, Scalar>(targets, logits, undefined, labelSmoothing);
}

/** The one-op loss where it can run (wasm with our kernels, [rows, classes] float32 logits, int32 labels), else null. */
function fusedLoss(tf: Tfjs, logits: Tensor2D, labels: Tensor1D, labelSmoothing: number): { loss: Scalar; correct: Scalar } | null {
  const usable =
    tf.getBackend() === 'wasm' &&
    tf.getKernel(SOFTMAX_CROSS_ENTROPY, 'wasm') !== undefined &&
    logits.rank === 2 &&
    logits.shape[1] === DIGIT_CLASSES &&
    logits.dtype === 'float32' &&
    labels.rank === 1 &&
    labels.dtype === 'int32' &&
    labels.shape[0] === logits.shape[0];
  if (!usable) return null;
  let correct: Scalar | undefined;
  // The labels are read, not differentiated: the op's one input is the logits.
  const op = tf.customGrad((...args: unknown[]) => {
    const x = args[0] as Tensor2D;
    const save = args[1] as (tensors: Tensor[]) => void;
    const [loss, gradient, count] = tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY, { logits: x, labels }, { labelSmoothing }) as Tensor[];
    correct = tf.keep(count as Scalar);
    save([gradient!]);
    return { value: loss as Scalar, gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(saved[0]!, dy) };
  });
  const loss = op(logits) as Scalar;
  return { loss, correct: correct! };
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
