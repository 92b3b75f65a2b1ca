/**
 * Can this model read the pad's digits, and how do we hand them over? The drawing pad
 * makes one 28×28 grey image, white ink on black, pixels 0..1 (like MNIST). Models from
 * elsewhere want that image in one of a few shapes, perhaps with pixels 0..255, and may
 * end in probabilities (softmax) or in raw scores (logits).
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { PixelScale } from '../store/model-records';
import { DIGIT_CLASSES, IMAGE_SIDE } from './config';
import type { Tfjs } from './tfjs';
import { ModelUploadError } from './upload';

/** [28,28,1] channels last | [1,28,28] channels first | [784] flat | [28,28] no channel axis. */
export type InputLayout = 'nhwc' | 'nchw' | 'flat' | 'hw';

export interface DigitModelSpec {
  inputLayout: InputLayout;
  /** The last layer applies softmax itself, so its output is already probabilities. */
  outputsProbabilities: boolean;
}

const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/** One image's shape (without the batch) for each layout, in the order they are tried. */
const LAYOUT_SHAPES: [InputLayout, number[]][] = [
  ['nhwc', [IMAGE_SIDE, IMAGE_SIDE, 1]],
  ['nchw', [1, IMAGE_SIDE, IMAGE_SIDE]],
  ['flat', [PIXELS]],
  ['hw', [IMAGE_SIDE, IMAGE_SIDE]],
];

/** One image's shape (without the batch) for `layout`. */
export function imageShapeOf(layout: InputLayout): number[] {
  return LAYOUT_SHAPES.find(([candidate]) => candidate === layout)![1];
}

/** How to feed `model` a digit; a ModelUploadError saying what does not fit when it cannot read one. */
export function inspectDigitModel(model: LayersModel): DigitModelSpec {
  if (model.inputs.length !== 1) {
    throw new ModelUploadError(`This model takes ${model.inputs.length} inputs; Digit Lab gives it one image.`);
  }
  if (model.outputs.length !== 1) {
    throw new ModelUploadError(`This model gives ${model.outputs.length} outputs; Digit Lab needs one: ten scores, one per digit.`);
  }
  const inputShape = model.inputs[0]!.shape.slice(1);
  const layout = LAYOUT_SHAPES.find(([, shape]) => fits(inputShape, shape));
  if (!layout) {
    throw new ModelUploadError(
      `This model expects images of ${shapeText(inputShape)}; Digit Lab gives it ${IMAGE_SIDE}×${IMAGE_SIDE} grey digits, shaped [28, 28, 1], [1, 28, 28], [28, 28] or [784].`,
    );
  }
  const output = model.outputs[0]!;
  const outputShape = output.shape.slice(1);
  if (outputShape.length !== 1 || outputShape[0] !== DIGIT_CLASSES) {
    throw new ModelUploadError(
      `This model ends in ${shapeText(outputShape)} numbers; Digit Lab needs ${DIGIT_CLASSES}, one score per digit 0–9.`,
    );
  }
  return { inputLayout: layout[0], outputsProbabilities: endsInSoftmax(output.sourceLayer) };
}

/** A dimension the model leaves open (null) takes whatever size we give it. */
function fits(modelShape: (number | null)[], ours: number[]): boolean {
  return modelShape.length === ours.length && modelShape.every((side, i) => side === null || side === ours[i]);
}

function shapeText(shape: (number | null)[]): string {
  return `[${shape.map((side) => (side === null ? 'any' : side)).join(', ')}]`;
}

/** Dense(…, activation='softmax'), Activation('softmax') or a Softmax layer. */
function endsInSoftmax(layer: { getClassName(): string; getConfig(): Record<string, unknown> }): boolean {
  return layer.getClassName() === 'Softmax' || layer.getConfig().activation === 'softmax';
}

/**
 * 'byte' when the model starts by dividing its input by 255 (Keras's Rescaling(1/255), as
 * many MNIST tutorials write it): it was made for 0..255 pixels. Otherwise 'unit', which is
 * what MNIST models usually take; the student can still change it.
 */
export function suggestPixelScale(model: LayersModel): PixelScale {
  const first = model.layers.find((layer) => layer.getClassName() !== 'InputLayer');
  const scale = first?.getClassName() === 'Rescaling' ? first.getConfig().scale : undefined;
  return typeof scale === 'number' && Math.abs(scale * 255 - 1) < 1e-3 ? 'byte' : 'unit';
}

/**
 * The model's ten probabilities for one pad image: `pixels` are 784 values 0..1, white ink
 * on black, row by row. Synchronous: one small image is quicker than a frame.
 */
export function predictProbabilities(
  tf: Tfjs,
  model: LayersModel,
  spec: DigitModelSpec,
  pixels: Float32Array,
  pixelScale: PixelScale,
): Float32Array {
  if (pixels.length !== PIXELS) throw new Error(`A digit is ${PIXELS} pixels (28×28), not ${pixels.length}`);
  const shape = imageShapeOf(spec.inputLayout);
  return tf.tidy(() => {
    const image = tf.tensor(pixels, [1, ...shape]).mul(pixelScale === 'byte' ? 255 : 1);
    const output = (model.predict(image) as Tensor).reshape([DIGIT_CLASSES]);
    const probabilities = spec.outputsProbabilities ? output : tf.softmax(output);
    return Float32Array.from(probabilities.dataSync());
  });
}
