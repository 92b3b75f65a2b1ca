/**
 * MNIST in memory: the two image sets, and the ways a lesson slices them — a
 * train/validation split, shuffled mini-batches, and samples of each digit.
 *
 * Everything here works on indices into one shared pixel buffer, so a split or a batch
 * costs a few kilobytes instead of a copy of 47 MB of pixels.
 */
import { IdxError, parseImages, parseLabels } from './idx';
import { mulberry32, shuffleInPlace } from './random';

export interface ImageSet {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row by row, 0 (background) to 255 (ink). */
  pixels: Uint8Array;
  labels: Uint8Array;
}

export type SplitName = 'train' | 'test';

/** Indices into the training set. */
export interface TrainValidationSplit {
  train: Uint32Array;
  validation: Uint32Array;
}

const DIGITS = 10;

export class MnistData {
  readonly train: ImageSet;
  readonly test: ImageSet;

  constructor(train: ImageSet, test: ImageSet) {
    checkImageSet('train', train);
    checkImageSet('test', test);
    if (train.rows !== test.rows || train.cols !== test.cols) {
      throw new RangeError(
        `Train images are ${train.rows}×${train.cols} but test images are ${test.rows}×${test.cols}`,
      );
    }
    this.train = train;
    this.test = test;
  }

  set(name: SplitName): ImageSet {
    return name === 'train' ? this.train : this.test;
  }

  /** One image's pixels as a view into the set (no copy). */
  image(name: SplitName, index: number): Uint8Array {
    const set = this.set(name);
    checkIndex(name, set, index);
    const size = set.rows * set.cols;
    return set.pixels.subarray(index * size, (index + 1) * size);
  }

  label(name: SplitName, index: number): number {
    const set = this.set(name);
    checkIndex(name, set, index);
    return set.labels[index]!;
  }

  /**
   * Sets images aside for validation, so a student can watch for overfitting without
   * touching the test set. `validationSize` is a count (5000) or a fraction (0.1).
   * Both index lists come back sorted.
   */
  splitTrainValidation(opts: { validationSize: number; seed: number }): TrainValidationSplit {
    const count = this.train.count;
    const validationCount = resolveValidationCount(opts.validationSize, count);
    const order = identity(count);
    shuffleInPlace(order, mulberry32(opts.seed));
    return {
      train: order.slice(validationCount).sort(),
      validation: order.slice(0, validationCount).sort(),
    };
  }

  /**
   * One epoch of mini-batches: a shuffled copy of `indices`, cut into `batchSize` pieces
   * (the last one may be smaller). Checks its arguments now, not at the first batch.
   */
  batches(indices: Uint32Array, batchSize: number, seed: number): Generator<Uint32Array> {
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
    }
    const shuffled = indices.slice();
    shuffleInPlace(shuffled, mulberry32(seed));
    return cutIntoBatches(shuffled, batchSize);
  }

  /** Copies the chosen images and labels into contiguous buffers, ready to become a tensor. */
  gather(name: SplitName, indices: ArrayLike<number>): { pixels: Uint8Array; labels: Uint8Array } {
    const set = this.set(name);
    const size = set.rows * set.cols;
    const pixels = new Uint8Array(indices.length * size);
    const labels = new Uint8Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i]!;
      checkIndex(name, set, index);
      pixels.set(set.pixels.subarray(index * size, (index + 1) * size), i * size);
      labels[i] = set.labels[index]!;
    }
    return { pixels, labels };
  }

  /** Where every image of one digit sits in a set, in file order: a class to browse page by page. */
  indicesOfClass(name: SplitName, digit: number): Uint32Array {
    checkDigit(digit);
    const labels = this.set(name).labels;
    const found: number[] = [];
    labels.forEach((label, index) => {
      if (label === digit) found.push(index);
    });
    return Uint32Array.from(found);
  }

  /**
   * `perClass` random examples of every digit, grouped 0..9 — the grid of samples a
   * lesson shows first, the same for everyone who uses the same seed.
   */
  balancedSample(name: SplitName, perClass: number, seed: number): Uint32Array {
    if (!Number.isInteger(perClass) || perClass <= 0) {
      throw new RangeError(`perClass must be a whole number above 0, got ${perClass}`);
    }
    const byDigit = Array.from({ length: DIGITS }, (_, digit) => this.indicesOfClass(name, digit));
    const smallest = Math.min(...byDigit.map((indices) => indices.length));
    if (perClass > smallest) {
      throw new RangeError(`perClass ${perClass} is more than the rarest digit has in ${name} (${smallest})`);
    }
    const rng = mulberry32(seed);
    const sample = new Uint32Array(DIGITS * perClass);
    byDigit.forEach((indices, digit) => {
      shuffleInPlace(indices, rng);
      sample.set(indices.subarray(0, perClass), digit * perClass);
    });
    return sample;
  }
}

/** Parses an images file and its labels file into one set, checking they belong together. */
export function imageSetFromIdx(imagesBytes: Uint8Array, labelsBytes: Uint8Array): ImageSet {
  const images = parseImages(imagesBytes);
  const labels = parseLabels(labelsBytes);
  if (labels.length !== images.count) {
    throw new IdxError(`The images file holds ${images.count} images but the labels file holds ${labels.length} labels`);
  }
  return { ...images, labels };
}

function* cutIntoBatches(indices: Uint32Array, batchSize: number): Generator<Uint32Array> {
  for (let start = 0; start < indices.length; start += batchSize) {
    yield indices.subarray(start, start + batchSize);
  }
}

function resolveValidationCount(validationSize: number, count: number): number {
  const validationCount =
    validationSize > 0 && validationSize < 1 ? Math.round(validationSize * count) : validationSize;
  if (!Number.isInteger(validationCount) || validationCount < 0) {
    throw new RangeError(`validationSize must be a count (like 5000) or a fraction between 0 and 1, got ${validationSize}`);
  }
  if (validationCount >= count) {
    throw new RangeError(`validationSize ${validationSize} leaves no training images (the training set has ${count})`);
  }
  return validationCount;
}

function identity(count: number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  return indices;
}

function checkIndex(name: SplitName, set: ImageSet, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= set.count) {
    throw new RangeError(`Image index ${index} is outside the ${name} set (0 to ${set.count - 1})`);
  }
}

function checkDigit(digit: number): void {
  if (!Number.isInteger(digit) || digit < 0 || digit >= DIGITS) {
    throw new RangeError(`digit must be 0 to 9, got ${digit}`);
  }
}

function checkImageSet(name: SplitName, set: ImageSet): void {
  if (set.pixels.length !== set.count * set.rows * set.cols) {
    throw new RangeError(`The ${name} set claims ${set.count} images of ${set.rows}×${set.cols} but holds ${set.pixels.length} pixels`);
  }
  if (set.labels.length !== set.count) {
    throw new RangeError(`The ${name} set claims ${set.count} images but holds ${set.labels.length} labels`);
  }
}
