/**
 * What a first-layer filter looks for: the test images that excite it most. Each image gets
 * the largest value the filter's feature map reaches anywhere on it (after the layer's
 * activation); the images with the largest such values are the filter's favourites.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { IMAGE_SIDE } from '../model/config';
import { imageShapeOf, type DigitModelSpec } from '../model/digit-model';
import type { Tfjs } from '../model/tfjs';
import type { PixelScale } from '../store/model-records';
import { convLayers } from './filters';

const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/**
 * The indices of the `count` largest scores, largest first (ties: lower index first). One pass
 * keeping the best few in order, not a sort of all 10,000 (lesson 6 asks it on the page).
 */
export function topIndices(scores: ArrayLike<number>, count: number): number[] {
  const best: number[] = [];
  const before = (i: number, j: number) => scores[i]! > scores[j]! || (scores[i] === scores[j] && i < j);
  for (let i = 0; i < scores.length; i++) {
    if (best.length === count && !before(i, best[count - 1]!)) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && before(i, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best.slice(0, count);
}

/** A model from the input to the first convolution's output, or null when there is none. */
export function firstConvModel(tf: Tfjs, model: LayersModel): LayersModel | null {
  const [first] = convLayers(model);
  return first ? tf.model({ inputs: model.inputs, outputs: first.output as import('@tensorflow/tfjs').SymbolicTensor }) : null;
}

/**
 * For images [start, end) of `pixels` (bytes 0..255): each filter's strongest response on
 * each image, as (end − start) × filters values. One slice at a time, so a page can share
 * the work out between frames.
 */
export function strongestResponses(
  tf: Tfjs,
  probe: LayersModel,
  spec: DigitModelSpec,
  pixelScale: PixelScale,
  pixels: Uint8Array,
  start: number,
  end: number,
): Float32Array {
  const factor = pixelScale === 'byte' ? 1 : 1 / 255;
  return tf.tidy(() => {
    const bytes = pixels.subarray(start * PIXELS, end * PIXELS);
    // A plain loop: Float32Array.from with a mapping function was most of the scan's own time.
    const values = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) values[i] = bytes[i]! * factor;
    const images = tf.tensor(values, [end - start, ...imageShapeOf(spec.inputLayout)]);
    const maps = probe.predict(images) as Tensor; // [n, h, w, filters]
    return Float32Array.from(maps.max([1, 2]).dataSync());
  });
}
