/**
 * Scoring a labelled set with any digit model, in batches: the ten probabilities of every
 * image, whatever shape of input the model wants and whether it ends in softmax or logits
 * (inspectDigitModel's spec). Between batches it reports progress and may be told to stop,
 * so a worker can cancel it when the student picks another model.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { DIGIT_CLASSES, IMAGE_SIDE } from '../model/config';
import { imageShapeOf, type DigitModelSpec } from '../model/digit-model';
import type { Tfjs } from '../model/tfjs';
import type { PixelScale } from '../store/model-records';
import type { ScoredSet } from './scored-set';

const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

export interface ImagesToScore {
  count: number;
  /** count × 784 bytes, 0..255, white ink on black. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

export interface ScoreOptions {
  batchSize?: number;
  /** Called after each batch with how many images are done. */
  onProgress?: (done: number, total: number) => void;
  /** Asked before each batch; true ends the scoring with a ScoringCancelled. */
  shouldStop?: () => boolean;
}

export class ScoringCancelled extends Error {
  override name = 'ScoringCancelled';
}

export async function scoreImages(
  tf: Tfjs,
  model: LayersModel,
  spec: DigitModelSpec,
  pixelScale: PixelScale,
  set: ImagesToScore,
  { batchSize = 250, onProgress, shouldStop }: ScoreOptions = {},
): Promise<ScoredSet> {
  const probabilities = new Float32Array(set.count * DIGIT_CLASSES);
  const shape = imageShapeOf(spec.inputLayout);
  // Pixels 0..1 or 0..255, as the model was made for.
  const factor = pixelScale === 'byte' ? 1 : 1 / 255;
  for (let start = 0; start < set.count; start += batchSize) {
    if (shouldStop?.()) throw new ScoringCancelled('The scoring was cancelled');
    const end = Math.min(start + batchSize, set.count);
    const batch = tf.tidy(() => {
      const bytes = set.pixels.subarray(start * PIXELS, end * PIXELS);
      const images = tf.tensor(Float32Array.from(bytes, (value) => value * factor), [end - start, ...shape]);
      const output = (model.predict(images) as Tensor).reshape([end - start, DIGIT_CLASSES]);
      return spec.outputsProbabilities ? output : tf.softmax(output);
    });
    try {
      probabilities.set(await batch.data(), start * DIGIT_CLASSES);
    } finally {
      batch.dispose();
    }
    onProgress?.(end, set.count);
  }
  return { labels: set.labels.slice(0, set.count), probabilities };
}
