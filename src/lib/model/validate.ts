/**
 * Says what is wrong with a model config, in words a student can act on, before anything is
 * built: a lesson lets students edit the layers, and TF's own errors ("Negative dimension
 * size caused by ...") arrive late and do not say which layer or what to change.
 */
import {
  DIGIT_CLASSES,
  IMAGE_SIDE,
  LAYER_TYPES,
  layerLabel,
  LIMITS,
  type ConfigProblem,
  type LayerSpec,
  type ModelConfig,
} from './config';
import { inferShapes, traceShapes } from './shapes';

const ACTIVATIONS: readonly unknown[] = ['relu', 'linear'];
const PADDINGS: readonly unknown[] = ['same', 'valid'];

/**
 * Every problem found, or an empty list when the config can be built. Values are checked
 * first; shapes only once the values make sense, so a typo does not also produce a confusing
 * shape complaint further down.
 */
export function validateModelConfig(config: ModelConfig): ConfigProblem[] {
  const layers = Array.isArray(config.layers) ? config.layers : [];
  const valueProblems = [...modelProblems(config), ...layers.flatMap(layerValueProblems)];
  if (valueProblems.length > 0) return valueProblems;

  const trace = traceShapes(config.layers);
  if (trace.problem) return [trace.problem];

  return outputProblems(config);
}

function modelProblems(config: ModelConfig): ConfigProblem[] {
  const problems: string[] = [];
  if (typeof config.name !== 'string' || config.name.trim() === '') problems.push('The model needs a name');
  if (!Array.isArray(config.layers) || config.layers.length === 0) problems.push('The model has no layers');
  else if (config.layers.length > LIMITS.maxLayers) {
    problems.push(`The model has ${config.layers.length} layers; at most ${LIMITS.maxLayers} can train in a browser tab`);
  }
  return problems.map((message) => ({ layerIndex: null, message }));
}

/** Values that are wrong whatever comes before or after the layer. */
function layerValueProblems(spec: LayerSpec, index: number): ConfigProblem[] {
  const problems = valueProblems(spec);
  const label = layerLabel(index, String(spec.type));
  return problems.map((problem) => ({ layerIndex: index, message: `${label}: ${problem}` }));
}

function valueProblems(spec: LayerSpec): string[] {
  if (!LAYER_TYPES.includes(spec.type)) {
    return [`unknown layer type "${String(spec.type)}"; the types are ${LAYER_TYPES.join(', ')}`];
  }
  switch (spec.type) {
    case 'conv':
      return present([
        wholeNumber('Filters', spec.filters, 1, LIMITS.maxFilters),
        wholeNumber('Kernel size', spec.kernelSize, 1, IMAGE_SIDE),
        stridesProblem(spec.strides, spec.kernelSize, 'kernel', IMAGE_SIDE),
        oneOf('Padding', spec.padding, PADDINGS),
        oneOf('Activation', spec.activation, ACTIVATIONS),
        spec.useBias === undefined || typeof spec.useBias === 'boolean' ? null : `Use bias must be true or false, got ${String(spec.useBias)}`,
      ]);
    case 'maxPool':
      return present([
        wholeNumber('Pool size', spec.poolSize, 1, IMAGE_SIDE),
        stridesProblem(spec.strides, spec.poolSize, 'pooling window', IMAGE_SIDE),
      ]);
    case 'dense':
      return present([wholeNumber('Units', spec.units, 1, LIMITS.maxUnits), oneOf('Activation', spec.activation, ACTIVATIONS)]);
    case 'batchNorm':
      return spec.momentum === undefined || isBetween(spec.momentum, 0, 1)
        ? []
        : [`Momentum must be between 0 and 1 (0.9 suits short runs), got ${String(spec.momentum)}`];
    case 'dropout':
      return isBetween(spec.rate, 0, 1, { includeMin: true })
        ? []
        : [`Rate is the fraction of values dropped, from 0 up to (not including) 1, got ${String(spec.rate)}`];
    case 'relu':
    case 'flatten':
    case 'globalAveragePool':
      return [];
  }
}

/** The network must end in one linear score per digit: the loss applies the softmax itself. */
function outputProblems(config: ModelConfig): ConfigProblem[] {
  const lastIndex = config.layers.length - 1;
  const last = config.layers[lastIndex];
  const problems: ConfigProblem[] = [];
  if (!last || last.type !== 'dense' || last.units !== DIGIT_CLASSES) {
    problems.push({
      layerIndex: lastIndex,
      message: `The last layer must be a dense layer with ${DIGIT_CLASSES} units, one score per digit`,
    });
  } else if (last.activation === 'relu') {
    problems.push({
      layerIndex: lastIndex,
      message: 'The last layer gives one score per digit and a relu would cut off the negative scores: leave its activation linear',
    });
  }
  const { parameters } = inferShapes(config);
  if (parameters > LIMITS.maxParameters) {
    problems.push({
      layerIndex: null,
      message: `The model has ${parameters.toLocaleString('en')} parameters; at most ${LIMITS.maxParameters.toLocaleString('en')} can train in a browser tab (fewer filters or units, or more pooling before the flatten, will shrink it)`,
    });
  }
  return problems;
}

function wholeNumber(field: string, value: unknown, min: number, max: number): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return null;
  return `${field} must be a whole number from ${min} to ${max}, got ${String(value)}`;
}

function oneOf(field: string, value: unknown, allowed: readonly unknown[]): string | null {
  if (value === undefined || allowed.includes(value)) return null;
  return `${field} must be ${allowed.map((option) => `"${String(option)}"`).join(' or ')}, got ${String(value)}`;
}

/**
 * One problem for the strides at most: a value out of range, or else a window that steps further
 * than its own size (it never looks at the pixels in between). The second is only said when the
 * window's size is itself valid, so a bad size does not also produce "larger than the 0×0 kernel".
 */
function stridesProblem(strides: number | undefined, size: unknown, what: string, maxSize: number): string | null {
  if (strides === undefined) return null;
  const range = wholeNumber('Strides', strides, 1, LIMITS.maxStrides);
  if (range) return range;
  if (wholeNumber('size', size, 1, maxSize) !== null || !(strides > (size as number))) return null;
  return `Strides ${strides} is larger than the ${String(size)}×${String(size)} ${what}, so some pixels would never be looked at`;
}

function isBetween(value: unknown, min: number, max: number, { includeMin = false } = {}): boolean {
  return typeof value === 'number' && (includeMin ? value >= min : value > min) && value < max;
}

function present(problems: (string | null)[]): string[] {
  return problems.filter((problem): problem is string => problem !== null);
}
