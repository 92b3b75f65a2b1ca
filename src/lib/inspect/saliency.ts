/**
 * Saliency: which input pixels most change the winning digit's score. It is the gradient of
 * that score with respect to the 784 input pixels — how much the score would rise or fall if
 * one pixel got a little brighter. It says where the model is sensitive, not what it "sees":
 * a pixel can matter a lot and still be background, and one gradient is noisy.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { DIGIT_CLASSES } from '../model/config';
import type { DigitModelSpec } from '../model/digit-model';
import type { Tfjs } from '../model/tfjs';
import type { PixelScale } from '../store/model-records';
import { inputTensor } from './activations';

export interface Saliency {
  /** The digit whose score was followed (the model's answer, unless one was asked for). */
  digit: number;
  /** d score / d pixel for each of the 784 pixels, row by row. */
  gradient: Float32Array;
  /** Largest |gradient|, for a colour scale. */
  maxAbs: number;
}

/**
 * The gradient of the chosen digit's score (its logit, or its probability for a model that
 * ends in softmax) with respect to the input image.
 */
export function saliency(tf: Tfjs, model: LayersModel, spec: DigitModelSpec, pixels: Float32Array, pixelScale: PixelScale, digit?: number): Saliency {
  const input = inputTensor(tf, spec, pixels, pixelScale);
  try {
    const target =
      digit ??
      tf.tidy(() => {
        const scores = (model.predict(input) as Tensor).reshape([DIGIT_CLASSES]);
        return scores.argMax().dataSync()[0]!;
      });
    const gradient = tf.tidy(() => {
      // A one-hot mask rather than gather: gather's gradient needs a kernel the wasm backend lacks.
      const mask = tf.oneHot(tf.tensor1d([target], 'int32'), DIGIT_CLASSES).reshape([DIGIT_CLASSES]);
      const scoreOf = (x: Tensor) => (model.predict(x) as Tensor).reshape([DIGIT_CLASSES]).mul(mask).sum();
      return tf.grad(scoreOf)(input);
    });
    const values = Float32Array.from(gradient.dataSync());
    gradient.dispose();
    let maxAbs = 0;
    for (const value of values) maxAbs = Math.max(maxAbs, Math.abs(value));
    return { digit: target, gradient: values, maxAbs };
  } finally {
    input.dispose();
  }
}
