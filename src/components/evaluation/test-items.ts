/** Scored test images → gallery items: the pixels from MNIST, the answer from the evaluation. */
import type { MnistData } from '../../lib/data/mnist';
import { probabilitiesOf, type ScoredImage, type ScoredSet } from '../../lib/eval/scored-set';
import type { GalleryItem } from './gallery';

export function testItems(data: MnistData, scored: ScoredSet, images: readonly ScoredImage[]): GalleryItem[] {
  return images.map((image) => ({
    pixels: data.image('test', image.index),
    label: image.label,
    predicted: image.predicted,
    probabilities: probabilitiesOf(scored, image.index),
    name: `Test image ${image.index}`,
  }));
}
