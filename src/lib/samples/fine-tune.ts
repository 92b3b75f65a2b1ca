/**
 * Fine-tuning a trained model on a student's own digits, in place: a few dozen steps of Adam at
 * a small, constant rate over replay batches (fine-tune-plan.ts) — the student's samples,
 * augmented, beside MNIST training images — optionally training only the layers after the
 * convolutions. The caller passes a copy of the model: if the loss blows up, this throws and the
 * model in use was never touched.
 */
import type { LayersModel, Scalar, Variable } from '@tensorflow/tfjs';
import { mulberry32 } from '../data/random';
import { IMAGE_SIDE } from '../model/config';
import { imagesToTensor, logitsOf } from '../model/predict';
import type { Tfjs } from '../model/tfjs';
import { augmentBatch } from '../train/augment';
import type { LabelledImages } from '../train/evaluate';
import { classificationLoss, labelsToTensor } from '../train/loss';
import { nextMacrotask } from '../train/macrotask';
import { createScheduledAdam } from '../train/optimizer';
import { DEFAULT_AUGMENT_OPTIONS } from '../train/augment-setting';
import { replayBatches, type FineTuneOptions } from './fine-tune-plan';

const PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** Smoothing as in the default recipe: the model stays less sure of a few dozen samples. */
const LABEL_SMOOTHING = 0.1;

export class FineTuneError extends Error {
  override name = 'FineTuneError';
}

export interface FineTuneCallbacks {
  /** After each step, with the step's loss (read back every step: a fine-tune is short). */
  onStep?(step: number, loss: number): void;
  shouldStop?(): boolean;
}

export interface FineTuneResult {
  steps: number;
  stopped: boolean;
  /** The names of the layers whose weights changed. */
  trainedLayers: string[];
}

/**
 * The layers a fine-tune trains: every layer with weights, or ('last') only those after the
 * last convolution — the dense layers that decide, keeping the filters that see strokes.
 */
export function layersToTrain(model: LayersModel, which: FineTuneOptions['layers']): LayersModel['layers'] {
  const withWeights = model.layers.filter((layer) => layer.trainableWeights.length > 0 || layer.getWeights().length > 0);
  if (which === 'all') return withWeights;
  const lastConv = model.layers.map((layer) => layer.getClassName()).findLastIndex((name) => /^(Conv|DepthwiseConv|SeparableConv)/.test(name));
  return withWeights.filter((layer) => model.layers.indexOf(layer) > lastConv);
}

export async function fineTune(
  tf: Tfjs,
  model: LayersModel,
  own: LabelledImages,
  mnist: LabelledImages,
  options: FineTuneOptions,
  callbacks: FineTuneCallbacks = {},
): Promise<FineTuneResult> {
  const train = layersToTrain(model, options.layers);
  if (train.length === 0) throw new FineTuneError('This model has no layers after its convolutions to train; choose "all layers".');
  const variables: Variable[] = train.flatMap((layer) => layer.trainableWeights.map((weight) => weight.read() as Variable));
  const batches = replayBatches(own.count, mnist.count, options);
  const rng = mulberry32(options.seed);
  const optimizer = createScheduledAdam(tf, options.learningRate);
  const result: FineTuneResult = { steps: 0, stopped: false, trainedLayers: train.map((layer) => layer.name) };
  try {
    for (const batch of batches) {
      if (callbacks.shouldStop?.()) {
        result.stopped = true;
        break;
      }
      const count = batch.own.length + batch.mnist.length;
      const images = new Float32Array(count * PIXELS);
      const labels = new Uint8Array(count);
      const ownPixels = gather(own, batch.own, labels, 0);
      augmentBatch(ownPixels, batch.own.length, DEFAULT_AUGMENT_OPTIONS, rng, images.subarray(0, batch.own.length * PIXELS));
      const mnistPixels = gather(mnist, batch.mnist, labels, batch.own.length);
      augmentBatch(mnistPixels, batch.mnist.length, null, rng, images.subarray(batch.own.length * PIXELS));
      const loss = step(tf, model, optimizer, variables, images, labels);
      const value = (await loss.data())[0]!;
      loss.dispose();
      result.steps++;
      if (!Number.isFinite(value) || value > 1e3) {
        throw new FineTuneError(`The loss became ${Number.isFinite(value) ? 'huge' : value} at step ${result.steps}: the learning rate (${options.learningRate}) is too high for fine-tuning. The model you had is kept.`);
      }
      callbacks.onStep?.(result.steps, value);
      await nextMacrotask(); // lets a "stop" message in
    }
    return result;
  } finally {
    optimizer.dispose();
  }
}

function gather(set: LabelledImages, indices: number[], labels: Uint8Array, labelOffset: number): Uint8Array {
  const pixels = new Uint8Array(indices.length * PIXELS);
  indices.forEach((index, i) => {
    pixels.set(set.pixels.subarray(index * PIXELS, (index + 1) * PIXELS), i * PIXELS);
    labels[labelOffset + i] = set.labels[index]!;
  });
  return pixels;
}

function step(tf: Tfjs, model: LayersModel, optimizer: ReturnType<typeof createScheduledAdam>, variables: Variable[], pixels: Float32Array, labels: Uint8Array): Scalar {
  return tf.tidy(() => {
    const images = imagesToTensor(tf, pixels, labels.length);
    const labelTensor = labelsToTensor(tf, labels);
    const loss = optimizer.minimize(() => classificationLoss(tf, logitsOf(tf, model, images, true), labelTensor, LABEL_SMOOTHING), true, variables);
    if (!loss) throw new Error('optimizer.minimize returned no loss');
    return loss;
  });
}
