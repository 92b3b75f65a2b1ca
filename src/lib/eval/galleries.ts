/**
 * Which images to look at: the ones behind a cell of the confusion matrix, the mistakes the
 * model was surest of, the right answers it nearly missed, and where two models disagree.
 */
import type { ScoredImage } from './scored-set';

/** The images of digit `actual` the model read as `predicted`, in set order. */
export function imagesInCell(images: readonly ScoredImage[], actual: number, predicted: number): ScoredImage[] {
  return images.filter((image) => image.label === actual && image.predicted === predicted);
}

/** Wrong answers, most confident first (ties in set order). */
export function mostConfidentMistakes(images: readonly ScoredImage[], count: number): ScoredImage[] {
  return images
    .filter((image) => image.predicted !== image.label)
    .sort((a, b) => b.confidence - a.confidence || a.index - b.index)
    .slice(0, count);
}

/** Right answers, least confident first (ties in set order). */
export function leastConfidentCorrect(images: readonly ScoredImage[], count: number): ScoredImage[] {
  return images
    .filter((image) => image.predicted === image.label)
    .sort((a, b) => a.confidence - b.confidence || a.index - b.index)
    .slice(0, count);
}

export interface Disagreements {
  /** Indices model A reads right and model B wrong. */
  onlyFirstRight: number[];
  onlySecondRight: number[];
}

/** Where two models scored on the same set differ in being right. */
export function disagreements(first: readonly ScoredImage[], second: readonly ScoredImage[]): Disagreements {
  if (first.length !== second.length) throw new RangeError(`The two models were scored on different sets (${first.length} and ${second.length} images)`);
  const onlyFirstRight: number[] = [];
  const onlySecondRight: number[] = [];
  first.forEach((a, i) => {
    const b = second[i]!;
    const aRight = a.predicted === a.label;
    const bRight = b.predicted === b.label;
    if (aRight && !bRight) onlyFirstRight.push(i);
    if (bRight && !aRight) onlySecondRight.push(i);
  });
  return { onlyFirstRight, onlySecondRight };
}
