/**
 * A model's answers on a labelled set: for every image, the ten probabilities it gave and
 * the digit it chose. Everything lesson 5 shows (accuracy, the confusion matrix, the
 * galleries, calibration) is read from one of these, so it is computed once per model.
 */
import { DIGIT_CLASSES } from '../model/config';

export interface ScoredSet {
  /** The true digit of each image. */
  labels: Uint8Array;
  /** count × 10, image by image; each row sums to 1. */
  probabilities: Float32Array;
}

export interface ScoredImage {
  /** Index in the set. */
  index: number;
  label: number;
  predicted: number;
  /** The probability of the predicted digit. */
  confidence: number;
}

export function countOf(set: ScoredSet): number {
  return set.labels.length;
}

/** The ten probabilities of image `index`. */
export function probabilitiesOf(set: ScoredSet, index: number): Float32Array {
  return set.probabilities.subarray(index * DIGIT_CLASSES, (index + 1) * DIGIT_CLASSES);
}

/** The most probable digit (the first, on a tie) and its probability. */
export function topOf(probabilities: ArrayLike<number>): { digit: number; probability: number } {
  let digit = 0;
  for (let d = 1; d < DIGIT_CLASSES; d++) if (probabilities[d]! > probabilities[digit]!) digit = d;
  return { digit, probability: probabilities[digit]! };
}

export function scoredImage(set: ScoredSet, index: number): ScoredImage {
  const { digit, probability } = topOf(probabilitiesOf(set, index));
  return { index, label: set.labels[index]!, predicted: digit, confidence: probability };
}

/** Every image of the set, scored. */
export function scoredImages(set: ScoredSet): ScoredImage[] {
  return Array.from({ length: countOf(set) }, (_, index) => scoredImage(set, index));
}

export function checkScoredSet(set: ScoredSet): void {
  if (set.probabilities.length !== set.labels.length * DIGIT_CLASSES) {
    throw new RangeError(`${set.labels.length} labels need ${set.labels.length * DIGIT_CLASSES} probabilities, got ${set.probabilities.length}`);
  }
}
