/**
 * Calibration: when the model says "90% sure", is it right 90% of the time? Images are put
 * in bins by the probability of the digit the model chose (its confidence); a calibrated
 * model's accuracy in each bin equals the bin's mean confidence. The pad's "not sure"
 * (src/lib/draw/reading.ts) trusts exactly this number.
 */
import type { ScoredImage } from './scored-set';

export interface CalibrationBin {
  /** The confidences in this bin: from (exclusive, except for the first) … to (inclusive). */
  from: number;
  to: number;
  count: number;
  /** Mean confidence of the images in the bin; NaN when it is empty. */
  meanConfidence: number;
  /** Share of them the model got right; NaN when it is empty. */
  accuracy: number;
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Expected calibration error: the bins' |accuracy − confidence|, weighted by their counts. */
  expectedError: number;
}

/**
 * `binCount` equal bins over [minConfidence, 1]. The model's confidence is never below
 * 1/10 (ten digits), so by default the bins start there and none are wasted below it.
 */
export function calibration(images: readonly ScoredImage[], binCount = 10, minConfidence = 0.1): Calibration {
  if (!Number.isInteger(binCount) || binCount < 1) throw new RangeError(`There must be at least one bin, got ${binCount}`);
  const width = (1 - minConfidence) / binCount;
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const image of images) {
    // The small tolerance keeps a confidence on a bin's edge in the lower bin despite rounding (0.55 in (0.46, 0.55]).
    const position = Math.ceil((image.confidence - minConfidence) / width - 1e-9) - 1;
    const bin = sums[Math.min(binCount - 1, Math.max(0, position))]!;
    bin.count += 1;
    bin.confidence += image.confidence;
    if (image.predicted === image.label) bin.correct += 1;
  }
  const bins = sums.map((sum, i) => ({
    from: minConfidence + i * width,
    to: i === binCount - 1 ? 1 : minConfidence + (i + 1) * width,
    count: sum.count,
    meanConfidence: sum.count === 0 ? Number.NaN : sum.confidence / sum.count,
    accuracy: sum.count === 0 ? Number.NaN : sum.correct / sum.count,
  }));
  const total = images.length;
  const expectedError =
    total === 0 ? Number.NaN : bins.reduce((error, bin) => (bin.count === 0 ? error : error + (bin.count / total) * Math.abs(bin.accuracy - bin.meanConfidence)), 0);
  return { bins, expectedError };
}
