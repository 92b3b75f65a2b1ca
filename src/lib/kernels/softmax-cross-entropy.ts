/**
 * The arithmetic of the fused training loss (SOFTMAX_CROSS_ENTROPY), on plain arrays.
 *
 * Per row: the log-softmax of the logits, log p_j = x_j − max − log Σ exp(x_k − max) (the
 * maximum taken out first, so nothing overflows), against the targets t_j = s/C + (1 − s)·[j is
 * the label] (label smoothing s over C classes; a label outside 0..C−1 has no 1, as tf.oneHot
 * gives it none); loss = −Σ t_j log p_j. The loss returned is the mean over the rows, as
 * tf.losses.softmaxCrossEntropy's default reduction gives it, and its gradient with respect to
 * logit j is (p_j − t_j) / rows. Sums in float64; a NaN or infinite logit makes the loss NaN,
 * as it does in TF.js, so the trainer's divergence check sees it.
 */
export interface SoftmaxCrossEntropyResult {
  /** Mean loss over the rows. */
  loss: number;
  /** Rows whose first largest logit is at their label (tf.argMax's choice on ties). */
  correct: number;
}

export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  labelSmoothing: number,
  dLogits: Float32Array,
): SoftmaxCrossEntropyResult {
  const rows = labels.length;
  if (logits.length !== rows * classes || dLogits.length !== logits.length) {
    throw new Error(`softmaxCrossEntropy: ${logits.length} logits and ${dLogits.length} gradients for ${rows} rows of ${classes}`);
  }
  const off = labelSmoothing / classes;
  const on = 1 - labelSmoothing + off;
  let total = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const at = r * classes;
    const label = labels[r]!;
    let max = logits[at]!;
    let best = 0;
    for (let j = 1; j < classes; j++) {
      const value = logits[at + j]!;
      if (value > max) {
        max = value;
        best = j;
      }
    }
    if (best === label) correct++;
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(logits[at + j]! - max);
    const logSum = max + Math.log(sum);
    let loss = 0;
    for (let j = 0; j < classes; j++) {
      const logP = logits[at + j]! - logSum;
      const target = j === label ? on : off;
      loss -= target * logP;
      dLogits[at + j] = (Math.exp(logP) - target) / rows;
    }
    total += loss;
  }
  return { loss: rows > 0 ? total / rows : Number.NaN, correct };
}
