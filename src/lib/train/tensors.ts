/**
 * MNIST as the tensors a network reads, and two small experiments lesson 2 runs on them:
 * what scaling does to the first layer's outputs, and what a tensor left undisposed costs.
 * TF.js is passed in (see model/tfjs.ts); every function disposes what it makes, except
 * leakTensors, whose whole point is not to.
 */
import type { LayersModel, Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { MnistData } from '../data/mnist';
import { valueRange, type ValueRange } from '../data/scaling';
import { DIGIT_CLASSES, IMAGE_SIDE } from '../model/config';
import { imagesToTensor } from '../model/predict';
import type { Tfjs } from '../model/tfjs';
import { labelsToTensor } from './loss';
import { toUnitRange } from './input';

export interface LabelledTensors {
  /** [count, 28, 28, 1], pixels 0..1. */
  images: Tensor4D;
  /** [count, 10], one-hot. */
  labels: Tensor2D;
}

/** How the training tensors are made: how many images between breaks, and what a break is. */
export interface SliceOptions {
  /** Images gathered and scaled between two breaks (default 4,096: a few milliseconds of work). */
  sliceImages?: number;
  /** Awaited between slices; a page passes "yield to the event loop" so it keeps answering. */
  pause?: () => Promise<void>;
}

const DEFAULT_SLICE_IMAGES = 4096;

/**
 * Training images as one image tensor and one label tensor. Building all 55,000 at once
 * costs 55,000 × 784 × 4 bytes (172 MB) of float32s: the trainer never does; it gathers one
 * batch at a time. The bytes are gathered and scaled a slice at a time, with `pause` awaited
 * between slices, so a page making all 55,000 does not freeze while it does. The caller
 * disposes both.
 */
export async function trainingTensors(
  tf: Tfjs,
  data: MnistData,
  indices: ArrayLike<number>,
  { sliceImages = DEFAULT_SLICE_IMAGES, pause }: SliceOptions = {},
): Promise<LabelledTensors> {
  if (!(Number.isInteger(sliceImages) && sliceImages > 0)) throw new Error(`sliceImages must be a whole number above 0, not ${sliceImages}`);
  const count = indices.length;
  const imageSize = IMAGE_SIDE * IMAGE_SIDE;
  const pixels = new Float32Array(count * imageSize);
  const labels = new Uint8Array(count);
  for (let start = 0; start < count; start += sliceImages) {
    const end = Math.min(count, start + sliceImages);
    const slice = Array.from({ length: end - start }, (_, i) => indices[start + i]!);
    const gathered = data.gather('train', slice);
    pixels.set(toUnitRange(gathered.pixels), start * imageSize);
    labels.set(gathered.labels, start);
    if (pause && end < count) await pause();
  }
  return tf.tidy(() => ({
    images: imagesToTensor(tf, pixels, count),
    labels: tf.oneHot(labelsToTensor(tf, labels), DIGIT_CLASSES) as Tensor2D,
  }));
}

export interface FirstLayerRanges {
  scaled: ValueRange;
  unscaled: ValueRange;
}

/**
 * The first layer of `model` (its initial weights) on the same images twice: pixels 0..1, as
 * the trainer feeds them, and raw bytes 0..255. Its outputs are weighted sums of 25 pixels
 * (a 5×5 filter), so they grow 255 times with the inputs, and so do the gradients: a learning
 * rate that suits one range is 255 times too large or too small for the other.
 */
export async function firstLayerRanges(tf: Tfjs, model: LayersModel, bytes: Uint8Array, count: number): Promise<FirstLayerRanges> {
  const firstLayer = model.layers[0];
  if (!firstLayer) throw new Error('The model has no layers');
  const outputsFor = async (pixels: Float32Array): Promise<ValueRange> => {
    const output = tf.tidy(() => firstLayer.apply(imagesToTensor(tf, pixels, count)) as Tensor);
    try {
      return valueRange(await output.data());
    } finally {
      output.dispose();
    }
  };
  return {
    scaled: await outputsFor(toUnitRange(bytes)),
    unscaled: await outputsFor(Float32Array.from(bytes)),
  };
}

/**
 * Adds up `count` small tensors the careless way: every tf.onesLike and tf.add makes a new
 * tensor, and nothing disposes them (2 × count + 1 in all). They stay in memory until someone calls dispose() on each.
 */
export function leakTensors(tf: Tfjs, count: number): Tensor[] {
  const made: Tensor[] = [];
  let total = tf.zeros([IMAGE_SIDE, IMAGE_SIDE]);
  made.push(total);
  for (let i = 0; i < count; i++) {
    const one = tf.onesLike(total);
    total = tf.add(total, one);
    made.push(one, total);
  }
  return made;
}

/**
 * The same sum inside tf.tidy: every tensor made in the function is disposed when it
 * returns, except the result, which is read and then disposed too. Memory ends where it began.
 */
export async function sumWithTidy(tf: Tfjs, count: number): Promise<number> {
  const result = tf.tidy(() => {
    let total = tf.zeros([IMAGE_SIDE, IMAGE_SIDE]);
    for (let i = 0; i < count; i++) total = tf.add(total, tf.onesLike(total));
    return tf.sum(total);
  });
  try {
    return (await result.data())[0]!;
  } finally {
    result.dispose();
  }
}
