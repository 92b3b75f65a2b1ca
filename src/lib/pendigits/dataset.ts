/**
 * Pen digits → MNIST-style image sets. Each sample is rendered by toMnistInput, the very
 * code the drawing pad uses, so a model trained or scored on these images sees real pen
 * digits exactly as it will see a student's drawing.
 *
 * Writers are the unit of splitting, never samples: a model that saw some of a person's
 * 3s reads that person's other 3s better than a stranger's, so an accuracy on "unseen
 * samples" of seen writers would flatter it. Writers 1–20 may train the default model;
 * writers 21–30 are held out for every accuracy figure.
 */
import type { ImageSet } from '../data/mnist';
import { MNIST_SIZE, toMnistInput } from '../preprocess/mnist-input';
import type { PenDigit } from './unipen';

export type WriterFilter = (writer: number) => boolean;

/** The last writer whose samples may be used for training; every later one is held out. */
export const LAST_TRAINING_WRITER = 20;
export const isTrainingWriter: WriterFilter = (writer) => writer <= LAST_TRAINING_WRITER;
export const isHeldOutWriter: WriterFilter = (writer) => writer > LAST_TRAINING_WRITER;

const PIXELS = MNIST_SIZE * MNIST_SIZE;

export interface PenImageSetOptions {
  /** Which writers' samples to keep. */
  writers: WriterFilter;
}

/** The chosen writers' samples, in file order, as 28×28 bytes (0..255) like MNIST's. */
export function penImageSet(samples: readonly PenDigit[], { writers }: PenImageSetOptions): ImageSet {
  const chosen = samples.filter((sample) => writers(sample.writer));
  const pixels = new Uint8Array(chosen.length * PIXELS);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach((sample, index) => {
    const input = toMnistInput(sample.strokes).pixels;
    for (let i = 0; i < PIXELS; i++) pixels[index * PIXELS + i] = Math.round(input[i]! * 255);
    labels[index] = sample.label;
  });
  return { count: chosen.length, rows: MNIST_SIZE, cols: MNIST_SIZE, pixels, labels };
}

export interface WriterSplit {
  train: PenDigit[];
  heldOut: PenDigit[];
}

/** Samples of the writers `isTraining` accepts, and all the others. */
export function splitByWriter(samples: readonly PenDigit[], isTraining: WriterFilter = isTrainingWriter): WriterSplit {
  return {
    train: samples.filter((sample) => isTraining(sample.writer)),
    heldOut: samples.filter((sample) => !isTraining(sample.writer)),
  };
}

/** The distinct writers of `samples`, in ascending order. */
export function writersOf(samples: readonly PenDigit[]): number[] {
  return [...new Set(samples.map((sample) => sample.writer))].sort((a, b) => a - b);
}

/**
 * One set holding each part's images in turn, each repeated `repeats` times (1 unless
 * given): how a small set of pen digits gets weight next to MNIST's 60,000. The trainer
 * shuffles, so the order here does not matter.
 */
export function concatImageSets(parts: readonly { set: ImageSet; repeats?: number }[]): ImageSet {
  const first = parts[0]?.set;
  if (first === undefined) throw new RangeError('concatImageSets: no sets given');
  const size = first.rows * first.cols;
  for (const { set, repeats = 1 } of parts) {
    if (set.rows !== first.rows || set.cols !== first.cols) {
      throw new RangeError(`concatImageSets: ${set.rows}×${set.cols} images do not go with ${first.rows}×${first.cols}`);
    }
    if (!Number.isInteger(repeats) || repeats < 0) throw new RangeError(`concatImageSets: repeats must be a whole number from 0, got ${repeats}`);
  }
  const count = parts.reduce((total, { set, repeats = 1 }) => total + set.count * repeats, 0);
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const { set, repeats = 1 } of parts) {
    for (let copy = 0; copy < repeats; copy++) {
      pixels.set(set.pixels.subarray(0, set.count * size), at * size);
      labels.set(set.labels.subarray(0, set.count), at);
      at += set.count;
    }
  }
  return { count, rows: first.rows, cols: first.cols, pixels, labels };
}
