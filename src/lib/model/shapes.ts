/**
 * What each layer does to the shape of the data, and how many numbers it learns — the
 * table lesson 3 shows. Pure arithmetic with TF's conventions, so the page can draw the
 * table while the student types, without loading TensorFlow.
 */
import {
  CONV_DEFAULTS,
  INPUT_SHAPE,
  layerLabel,
  ModelConfigError,
  poolStrides,
  type ConfigProblem,
  type LayerSpec,
  type LayerType,
  type ModelConfig,
  type Padding,
} from './config';

/** A shape without the batch dimension: [height, width, channels] for images, [values] once flat. */
export type Shape = readonly number[];

export interface LayerShape {
  index: number;
  type: LayerType;
  outputShape: Shape;
  /** Every number the layer stores, as TF's `countParams` counts them (batchNorm's moving averages too). */
  parameters: number;
  /** The numbers the optimizer changes. */
  trainableParameters: number;
}

export interface ShapeTable {
  inputShape: Shape;
  layers: LayerShape[];
  outputShape: Shape;
  parameters: number;
  trainableParameters: number;
}

export interface ShapeTrace {
  /** Every layer up to, not including, the first one whose shape cannot be computed. */
  layers: LayerShape[];
  problem: ConfigProblem | null;
}

/**
 * The table for a config. It expects values that passed validateModelConfig (the page shows
 * those problems instead of a table) and throws ModelConfigError on a shape it cannot compute.
 */
export function inferShapes(config: ModelConfig): ShapeTable {
  const trace = traceShapes(config.layers);
  if (trace.problem) throw new ModelConfigError(config.name, [trace.problem]);
  const last = trace.layers.at(-1);
  return {
    inputShape: INPUT_SHAPE,
    layers: trace.layers,
    outputShape: last ? last.outputShape : INPUT_SHAPE,
    parameters: sum(trace.layers.map((layer) => layer.parameters)),
    trainableParameters: sum(trace.layers.map((layer) => layer.trainableParameters)),
  };
}

/** Walks the layers from the 28×28×1 input, stopping at the first shape that does not work. */
export function traceShapes(layers: readonly LayerSpec[]): ShapeTrace {
  const rows: LayerShape[] = [];
  let shape: Shape = INPUT_SHAPE;
  for (const [index, spec] of layers.entries()) {
    const step = layerStep(spec, shape);
    if (typeof step === 'string') {
      return { layers: rows, problem: { layerIndex: index, message: `${layerLabel(index, spec.type)}: ${step}` } };
    }
    rows.push({ index, type: spec.type, ...step });
    shape = step.outputShape;
  }
  return { layers: rows, problem: null };
}

type LayerStep = Omit<LayerShape, 'index' | 'type'>;
const noParameters = { parameters: 0, trainableParameters: 0 };

/** One layer's output and parameter count, or why its input does not suit it. */
function layerStep(spec: LayerSpec, input: Shape): LayerStep | string {
  switch (spec.type) {
    case 'conv': {
      const image = asImage(input, 'a conv layer');
      if (typeof image === 'string') return image;
      const strides = spec.strides ?? CONV_DEFAULTS.strides;
      const padding = spec.padding ?? CONV_DEFAULTS.padding;
      const tooBig = windowTooBig(spec.kernelSize, image, padding, 'kernel');
      if (tooBig) return tooBig;
      const weights = spec.kernelSize * spec.kernelSize * image.channels * spec.filters;
      const biases = (spec.useBias ?? CONV_DEFAULTS.useBias) ? spec.filters : 0;
      return {
        outputShape: [
          windowOutputSide(image.height, spec.kernelSize, strides, padding),
          windowOutputSide(image.width, spec.kernelSize, strides, padding),
          spec.filters,
        ],
        parameters: weights + biases,
        trainableParameters: weights + biases,
      };
    }
    case 'maxPool': {
      const image = asImage(input, 'max-pooling');
      if (typeof image === 'string') return image;
      const tooBig = windowTooBig(spec.poolSize, image, 'valid', 'pooling window');
      if (tooBig) return tooBig;
      const strides = poolStrides(spec);
      return {
        outputShape: [
          windowOutputSide(image.height, spec.poolSize, strides, 'valid'),
          windowOutputSide(image.width, spec.poolSize, strides, 'valid'),
          image.channels,
        ],
        ...noParameters,
      };
    }
    case 'globalAveragePool': {
      const image = asImage(input, 'global average pooling');
      if (typeof image === 'string') return image;
      return { outputShape: [image.channels], ...noParameters };
    }
    case 'flatten': {
      const image = asImage(input, 'flatten');
      if (typeof image === 'string') return image;
      return { outputShape: [image.height * image.width * image.channels], ...noParameters };
    }
    case 'dense': {
      const [values] = input;
      if (input.length !== 1 || values === undefined) {
        return `a dense layer needs a flat list of numbers but gets a ${formatShape(input)} image; put a flatten (or globalAveragePool) before it`;
      }
      return { outputShape: [spec.units], parameters: values * spec.units + spec.units, trainableParameters: values * spec.units + spec.units };
    }
    case 'batchNorm': {
      // A scale (gamma) and shift (beta) are learnt per channel; the moving mean and variance
      // are stored but only updated by averaging, not by the optimizer.
      const channels = input.at(-1) ?? 0;
      return { outputShape: input, parameters: 4 * channels, trainableParameters: 2 * channels };
    }
    case 'relu':
    case 'dropout':
      return { outputShape: input, ...noParameters };
  }
}

interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

function asImage(shape: Shape, what: string): ImageShape | string {
  const [height, width, channels] = shape;
  if (shape.length !== 3 || height === undefined || width === undefined || channels === undefined) {
    return `${what} needs an image (height × width × channels) but gets a flat list of ${shape[0] ?? 0} numbers; move it before the flatten`;
  }
  return { height, width, channels };
}

/**
 * With 'valid' padding a window larger than the image fits nowhere, so the output would be
 * 0×0. With 'same' the zeros around the edge make it fit, but then it mostly sees padding.
 */
function windowTooBig(size: number, image: ImageShape, padding: Padding, what: string): string | null {
  if (size <= image.height && size <= image.width) return null;
  const consequence = padding === 'valid' ? 'so the output would be empty (0×0)' : 'so it would mostly see padding';
  return `the ${size}×${size} ${what} is larger than its ${image.height}×${image.width} input, ${consequence}`;
}

/** TF's rule: 'same' keeps ceil(input / strides); 'valid' counts the positions where the window fits. */
function windowOutputSide(input: number, window: number, strides: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(input / strides) : Math.floor((input - window) / strides) + 1;
}

/** "7×7×16" for an image, "576" for a flat list. */
export function formatShape(shape: Shape): string {
  return shape.join('×');
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
