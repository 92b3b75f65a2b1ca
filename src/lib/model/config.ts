/**
 * A model as data: the list of layers a lesson shows, and the student edits, before any
 * TensorFlow is loaded. Plain JSON-friendly objects, so a config can be saved, posted to
 * the training worker, and checked (validate.ts) or measured (shapes.ts) without TF.
 */

export type Activation = 'relu' | 'linear';
export type Padding = 'same' | 'valid';

export interface ConvSpec {
  type: 'conv';
  filters: number;
  /** Square kernels only: every network in the course uses them, and one number is easier to edit. */
  kernelSize: number;
  strides?: number;
  padding?: Padding;
  activation?: Activation;
  /** Off before a batchNorm, whose own shift (beta) makes a conv bias redundant. */
  useBias?: boolean;
}

export interface BatchNormSpec {
  type: 'batchNorm';
  momentum?: number;
}

export interface ReluSpec {
  type: 'relu';
}

export interface MaxPoolSpec {
  type: 'maxPool';
  poolSize: number;
  strides?: number;
}

export interface FlattenSpec {
  type: 'flatten';
}

export interface DenseSpec {
  type: 'dense';
  units: number;
  activation?: Activation;
}

export interface DropoutSpec {
  type: 'dropout';
  rate: number;
}

export interface GlobalAveragePoolSpec {
  type: 'globalAveragePool';
}

export type LayerSpec =
  | ConvSpec
  | BatchNormSpec
  | ReluSpec
  | MaxPoolSpec
  | FlattenSpec
  | DenseSpec
  | DropoutSpec
  | GlobalAveragePoolSpec;

export type LayerType = LayerSpec['type'];

export interface ModelConfig {
  name: string;
  layers: LayerSpec[];
}

export const LAYER_TYPES: readonly LayerType[] = [
  'conv',
  'batchNorm',
  'relu',
  'maxPool',
  'flatten',
  'dense',
  'dropout',
  'globalAveragePool',
];

/** MNIST digits: 28×28 pixels, one grey channel. */
export const IMAGE_SIDE = 28;
export const INPUT_SHAPE: readonly [number, number, number] = [IMAGE_SIDE, IMAGE_SIDE, 1];
export const DIGIT_CLASSES = 10;

/** What an omitted field means; build.ts and shapes.ts both read these, so they cannot disagree. */
export const CONV_DEFAULTS = { strides: 1, padding: 'valid', activation: 'linear', useBias: true } as const;
export const DENSE_DEFAULTS = { activation: 'linear' } as const;
/**
 * TF.js defaults to 0.99, which suits long runs; our runs last one or two epochs, and with
 * 0.99 the moving averages still lag the weights when the run ends, so evaluation scores
 * poorly (PERF-NOTES, "Recipe facts"). 0.9 follows the weights within a few dozen steps.
 */
export const BATCH_NORM_DEFAULT_MOMENTUM = 0.9;

/** A max-pool steps by its own size unless told otherwise, as in TF. */
export function poolStrides(spec: MaxPoolSpec): number {
  return spec.strides ?? spec.poolSize;
}

/**
 * Bounds beyond which a value is a typo or an experiment that cannot run in a browser tab.
 * Weights plus Adam's two moment estimates cost 12 bytes a parameter, and the CPU time of a
 * step grows with them; 2 million parameters is already far beyond what MNIST needs.
 */
export const LIMITS = {
  maxLayers: 40,
  maxFilters: 512,
  maxUnits: 4096,
  maxStrides: 8,
  maxParameters: 2_000_000,
} as const;

/** One thing wrong with a config, in words a student can act on. */
export interface ConfigProblem {
  /** Which layer (0-based) the problem is in, so a UI can point at it; null for the whole model. */
  layerIndex: number | null;
  message: string;
}

export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
  readonly problems: ConfigProblem[];

  constructor(configName: string, problems: ConfigProblem[]) {
    super(`The model "${configName}" cannot be built:\n${problems.map((problem) => `- ${problem.message}`).join('\n')}`);
    this.problems = problems;
  }
}

/** "Layer 3 (maxPool)": counted from 1, as a student counts the rows of the table. */
export function layerLabel(index: number, type: string): string {
  return `Layer ${index + 1} (${type})`;
}
