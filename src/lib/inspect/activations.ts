/**
 * Following one digit through a network: the output of every layer for one input, read from
 * the model's own layers (no names or counts assumed), so it works for every model the
 * lesson-3 builder makes and for uploaded Keras models alike.
 */
import type { LayersModel, SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import { imageShapeOf, type DigitModelSpec } from '../model/digit-model';
import type { Tfjs } from '../model/tfjs';
import type { PixelScale } from '../store/model-records';

export interface LayerActivation {
  /** The layer's name ("conv1", or whatever an uploaded model calls it). */
  name: string;
  /** TF.js's class name: Conv2D, MaxPooling2D, Dense, … */
  className: string;
  /** The output's shape without the batch: [height, width, channels] or [units]. */
  shape: number[];
  values: Float32Array;
}

/** Layers that compute something worth showing (an InputLayer only repeats the input). */
function shownLayers(model: LayersModel) {
  return model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
}

const probes = new WeakMap<LayersModel, LayersModel>();

/**
 * A model over the same layers (and the same weights) whose outputs are every layer's
 * output. Kept per model: it owns no weights of its own, so it is never disposed separately.
 */
function probeOf(tf: Tfjs, model: LayersModel): LayersModel {
  let probe = probes.get(model);
  if (!probe) {
    probe = tf.model({ inputs: model.inputs, outputs: shownLayers(model).map((layer) => layer.output as SymbolicTensor) });
    probes.set(model, probe);
  }
  return probe;
}

/** One image (784 values 0..1) as the model's input tensor, batch of one. */
export function inputTensor(tf: Tfjs, spec: DigitModelSpec, pixels: Float32Array, pixelScale: PixelScale): Tensor {
  return tf.tidy(() => tf.tensor(pixels, [1, ...imageShapeOf(spec.inputLayout)]).mul(pixelScale === 'byte' ? 255 : 1));
}

/** Every layer's output for one image (784 values 0..1). */
export function layerActivations(tf: Tfjs, model: LayersModel, spec: DigitModelSpec, pixels: Float32Array, pixelScale: PixelScale = 'unit'): LayerActivation[] {
  const layers = shownLayers(model);
  const outputs = tf.tidy(() => {
    const result = probeOf(tf, model).predict(inputTensor(tf, spec, pixels, pixelScale));
    return Array.isArray(result) ? result : [result];
  });
  try {
    return outputs.map((output, i) => ({
      name: layers[i]!.name,
      className: layers[i]!.getClassName(),
      shape: output.shape.slice(1),
      values: Float32Array.from(output.dataSync()),
    }));
  } finally {
    tf.dispose(outputs);
  }
}

/** One channel of a [height, width, channels] activation, as height × width values. */
export function channelOf(activation: LayerActivation, channel: number): Float32Array {
  const [height = 1, width = 1, channels = 1] = activation.shape;
  const plane = new Float32Array(height * width);
  for (let i = 0; i < height * width; i++) plane[i] = activation.values[i * channels + channel]!;
  return plane;
}

/** True for an activation that is a stack of images (height, width, channels). */
export const isSpatial = (activation: LayerActivation): boolean => activation.shape.length === 3;
