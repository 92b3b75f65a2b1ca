/**
 * What scaling does to the numbers a network reads. MNIST stores each pixel as a byte,
 * 0..255; the trainer divides by 255 (src/lib/train/input.ts) so the inputs lie in 0..1.
 * These helpers measure that, before and after, so lesson 2 shows it instead of saying it.
 */

export interface HistogramBins {
  /** The lowest value counted (the left edge of the first bin). */
  min: number;
  /** The highest value counted (the right edge of the last bin, included). */
  max: number;
  bins: number;
}

/**
 * How many values fall in each of `bins` equal bins from `min` to `max`. The same 16 bins
 * over 0..255 and over 0..1 give the same counts for the same image: scaling moves every
 * value, never the shape of the distribution. A value outside the range is a mistake, so it throws.
 */
export function valueHistogram(values: ArrayLike<number>, { min, max, bins }: HistogramBins): number[] {
  if (!Number.isInteger(bins) || bins <= 0) throw new RangeError(`bins must be a whole number above 0, got ${bins}`);
  if (!(max > min)) throw new RangeError(`max must be above min, got ${min}..${max}`);
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!(value >= min && value <= max)) throw new RangeError(`Value ${value} at ${i} is outside ${min}..${max}`);
    counts[Math.min(bins - 1, Math.floor((value - min) / width))]! += 1;
  }
  return counts;
}

export interface ValueRange {
  min: number;
  max: number;
  mean: number;
  /** The typical size of a value: √(mean of squares). */
  rms: number;
}

/** The smallest, largest, mean and root-mean-square of some numbers (a layer's outputs, say). */
export function valueRange(values: ArrayLike<number>): ValueRange {
  if (values.length === 0) throw new RangeError('valueRange needs at least one value');
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
    squares += value * value;
  }
  return { min, max, mean: sum / values.length, rms: Math.sqrt(squares / values.length) };
}
