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
import { mulberry32 } from '../data/random';
import { MNIST_SIZE, toMnistInput } from '../preprocess/mnist-input';
import type { Drawing } from '../preprocess/strokes';
import { augmentDrawing, validateStrokeAugmentOptions, type StrokeAugmentOptions } from './stroke-augment';
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
  const set = emptyImageSet(chosen.length);
  chosen.forEach((sample, index) => writeImage(set, index, sample.strokes, undefined, sample.label));
  return set;
}

export interface AugmentedPenImageSetOptions extends PenImageSetOptions {
  /** Images per sample: the first as it was drawn, each further one a new stroke-level augmentation. */
  copies: number;
  augment: StrokeAugmentOptions;
  /** Everything random follows from it: the same seed gives the same bytes. */
  seed: number;
}

/**
 * The chosen writers' samples, each `copies` times: once as drawn, then as new drawings made
 * by augmentDrawing (slant, stretch, wobble, speed, pen width), every one rendered by
 * toMnistInput like a pad drawing. Sample by sample in file order, its copies together.
 */
export function augmentedPenImageSet(samples: readonly PenDigit[], options: AugmentedPenImageSetOptions): ImageSet {
  const { writers, copies, augment, seed } = options;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`augmentedPenImageSet: copies must be a whole number from 1, got ${copies}`);
  const problems = validateStrokeAugmentOptions(augment);
  if (problems.length > 0) throw new RangeError(`augmentedPenImageSet: ${problems.join(' ')}`);
  const rng = mulberry32(seed);
  const chosen = samples.filter((sample) => writers(sample.writer));
  const set = emptyImageSet(chosen.length * copies);
  chosen.forEach((sample, index) => {
    writeImage(set, index * copies, sample.strokes, undefined, sample.label);
    for (let copy = 1; copy < copies; copy++) {
      const { drawing, penWidthFraction } = augmentDrawing(sample.strokes, augment, rng);
      writeImage(set, index * copies + copy, drawing, penWidthFraction, sample.label);
    }
  });
  return set;
}

function emptyImageSet(count: number): ImageSet {
  return { count, rows: MNIST_SIZE, cols: MNIST_SIZE, pixels: new Uint8Array(count * PIXELS), labels: new Uint8Array(count) };
}

function writeImage(set: ImageSet, index: number, drawing: Drawing, penWidthFraction: number | undefined, label: number): void {
  const input = toMnistInput(drawing, { penWidthFraction }).pixels;
  for (let i = 0; i < PIXELS; i++) set.pixels[index * PIXELS + i] = Math.round(input[i]! * 255);
  set.labels[index] = label;
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
