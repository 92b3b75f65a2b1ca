/**
 * How well a model does on images it did not train on: mean cross-entropy, accuracy, and
 * optionally the confusion matrix. Batch norm uses its moving averages here and dropout is
 * off — the model as it will be used, not as it trains.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { DIGIT_CLASSES, IMAGE_SIDE } from '../model/config';
import { imagesToTensor, logitsOf } from '../model/predict';
import type { Tfjs } from '../model/tfjs';
import { toUnitRange } from './input';
import { labelsToTensor, summedCrossEntropy } from './loss';

/** Images with their labels: an ImageSet, or what MnistData.gather returns plus a count. */
export interface LabelledImages {
  count: number;
  /** count × 28 × 28 bytes, 0..255. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

export interface EvaluateOptions {
  /** Images per forward pass: larger is faster, up to memory; it does not change the result. */
  batchSize?: number;
  /** Also count, for each true digit, what the model answered. */
  confusion?: boolean;
}

export interface Evaluation {
  /** Plain cross-entropy, without label smoothing, so runs with different smoothing compare. */
  loss: number;
  accuracy: number;
  /** confusion[actual][predicted] = how many images of digit `actual` were read as `predicted`. */
  confusion?: number[][];
}

const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

export async function evaluate(
  tf: Tfjs,
  model: LayersModel,
  set: LabelledImages,
  { batchSize = 256, confusion = false }: EvaluateOptions = {},
): Promise<Evaluation> {
  if (set.count === 0) throw new RangeError('evaluate: there are no images to evaluate on');
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`evaluate: batchSize must be a whole number from 1, got ${batchSize}`);
  }
  const matrix = Array.from({ length: DIGIT_CLASSES }, () => new Array<number>(DIGIT_CLASSES).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const end = Math.min(start + batchSize, set.count);
    const labels = set.labels.subarray(start, end);
    const batch = await predictBatch(tf, model, set.pixels.subarray(start * PIXELS, end * PIXELS), labels);
    lossSum += batch.lossSum;
    batch.predictions.forEach((predicted, i) => {
      const actual = labels[i]!;
      if (predicted === actual) correct++;
      matrix[actual]![predicted]!++;
    });
  }
  const result: Evaluation = { loss: lossSum / set.count, accuracy: correct / set.count };
  return confusion ? { ...result, confusion: matrix } : result;
}

/** One batch: the summed loss and each image's most likely digit, read back together. */
async function predictBatch(
  tf: Tfjs,
  model: LayersModel,
  pixels: Uint8Array,
  labels: Uint8Array,
): Promise<{ lossSum: number; predictions: Int32Array }> {
  const [lossSum, predictions] = tf.tidy(() => {
    const logits = logitsOf(tf, model, imagesToTensor(tf, toUnitRange(pixels), labels.length), false);
    return [summedCrossEntropy(tf, logits, labelsToTensor(tf, labels)), tf.argMax(logits, 1)];
  });
  try {
    const [lossValue, predicted] = await Promise.all([lossSum.data(), predictions.data()]);
    return { lossSum: lossValue[0] ?? NaN, predictions: Int32Array.from(predicted) };
  } finally {
    tf.dispose([lossSum, predictions]);
  }
}
