import { describe, expect, it } from 'vitest';
import { disagreements, imagesInCell, leastConfidentCorrect, mostConfidentMistakes } from '../../../src/lib/eval/galleries';
import { scoredImages, topOf, type ScoredSet } from '../../../src/lib/eval/scored-set';

/** Four images: a sure right 7, a sure wrong 7 (read 1), an unsure right 3, an unsure wrong 3 (read 8). */
function set(): ScoredSet {
  const probabilities = new Float32Array(40);
  const put = (image: number, digit: number, p: number, other: number) => {
    probabilities[image * 10 + digit] = p;
    probabilities[image * 10 + other] = 1 - p;
  };
  put(0, 7, 0.99, 1);
  put(1, 1, 0.97, 7);
  put(2, 3, 0.55, 8);
  put(3, 8, 0.6, 3);
  return { labels: Uint8Array.from([7, 7, 3, 3]), probabilities };
}

describe('galleries', () => {
  const images = scoredImages(set());

  it('reads each image’s answer and confidence', () => {
    expect(images.map((i) => i.predicted)).toEqual([7, 1, 3, 8]);
    expect(images[1]!.confidence).toBeCloseTo(0.97);
    expect(topOf([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0]).digit).toBe(0);
  });

  it('finds the images behind a confusion-matrix cell', () => {
    expect(imagesInCell(images, 7, 1).map((i) => i.index)).toEqual([1]);
    expect(imagesInCell(images, 7, 7).map((i) => i.index)).toEqual([0]);
    expect(imagesInCell(images, 2, 2)).toEqual([]);
  });

  it('orders mistakes by confidence, and right answers by doubt', () => {
    expect(mostConfidentMistakes(images, 5).map((i) => i.index)).toEqual([1, 3]);
    expect(leastConfidentCorrect(images, 1).map((i) => i.index)).toEqual([2]);
  });

  it('lists where two models differ in being right', () => {
    const other = scoredImages({ labels: set().labels, probabilities: set().probabilities.map((p, i) => (i < 10 ? [0.9, 0, 0, 0, 0, 0, 0, 0.1, 0, 0][i]! : p)) });
    // image 0 now read as 0 by the second model: only the first is right there.
    expect(disagreements(images, other)).toEqual({ onlyFirstRight: [0], onlySecondRight: [] });
  });
});
