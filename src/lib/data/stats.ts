/**
 * Summaries a lesson draws before any training, to look at the data first.
 */
import type { ImageSet } from './mnist';

const DIGITS = 10;
const INTENSITIES = 256;

/** How many examples of each digit — shows the classes are roughly balanced, so accuracy is a fair score. */
export function labelCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(DIGITS).fill(0);
  labels.forEach((label, index) => {
    if (label >= DIGITS) throw new RangeError(`Label ${index} is ${label}: expected a digit 0 to 9`);
    counts[label]! += 1;
  });
  return counts;
}

/** How often each intensity 0..255 occurs — shows most pixels are blank and ink is nearly saturated. */
export function pixelHistogram(pixels: Uint8Array): number[] {
  const counts = new Array<number>(INTENSITIES).fill(0);
  for (const value of pixels) counts[value]! += 1;
  return counts;
}

/** The average image of each digit (10 × rows × cols, 0..255) — the "ghost" digits that motivate a template-matching baseline. */
export function classMeans(set: ImageSet): Float32Array {
  const size = set.rows * set.cols;
  const sums = new Float64Array(DIGITS * size);
  const counts = labelCounts(set.labels);
  for (let image = 0; image < set.count; image++) {
    const offset = set.labels[image]! * size;
    const pixelsStart = image * size;
    for (let p = 0; p < size; p++) sums[offset + p]! += set.pixels[pixelsStart + p]!;
  }
  const means = new Float32Array(DIGITS * size);
  for (let digit = 0; digit < DIGITS; digit++) {
    const count = counts[digit]!;
    if (count === 0) continue;
    for (let p = 0; p < size; p++) means[digit * size + p] = sums[digit * size + p]! / count;
  }
  return means;
}

/** Mean intensity and share of blank pixels — the numbers behind "scale inputs to 0..1" and "MNIST is mostly background". */
export function pixelStats(pixels: Uint8Array): { mean: number; fractionZero: number } {
  if (pixels.length === 0) throw new RangeError('pixelStats needs at least one pixel');
  let sum = 0;
  let zeros = 0;
  for (const value of pixels) {
    sum += value;
    if (value === 0) zeros += 1;
  }
  return { mean: sum / pixels.length, fractionZero: zeros / pixels.length };
}
