/** A layer's settings in a few words, for the shape tables of lesson 3 ("24 filters, 5×5, relu"). */
import { BATCH_NORM_DEFAULT_MOMENTUM, CONV_DEFAULTS, poolStrides, type LayerSpec } from './config';

export function describeLayer(spec: LayerSpec): string {
  switch (spec.type) {
    case 'conv': {
      const strides = spec.strides ?? CONV_DEFAULTS.strides;
      return [
        `${spec.filters} filters, ${spec.kernelSize}×${spec.kernelSize}`,
        strides === 1 ? null : `stride ${strides}`,
        `${spec.padding ?? CONV_DEFAULTS.padding} padding`,
        spec.activation ?? CONV_DEFAULTS.activation,
        (spec.useBias ?? CONV_DEFAULTS.useBias) ? null : 'no bias',
      ]
        .filter(Boolean)
        .join(', ');
    }
    case 'maxPool':
      return `${spec.poolSize}×${spec.poolSize}, stride ${poolStrides(spec)}`;
    case 'dense':
      return `${spec.units} units, ${spec.activation ?? 'linear'}`;
    case 'batchNorm':
      return `momentum ${spec.momentum ?? BATCH_NORM_DEFAULT_MOMENTUM}`;
    case 'dropout':
      return `drops ${Math.round(spec.rate * 100)}%`;
    case 'relu':
      return 'negatives → 0';
    case 'flatten':
      return 'image → list';
    case 'globalAveragePool':
      return 'mean of each channel';
  }
}

/** The kind of layer in words: what the lesson calls it. */
export const LAYER_NAMES: Record<LayerSpec['type'], string> = {
  conv: 'Convolution',
  maxPool: 'Max-pooling',
  flatten: 'Flatten',
  dense: 'Dense',
  batchNorm: 'Batch norm',
  relu: 'ReLU',
  dropout: 'Dropout',
  globalAveragePool: 'Global average pool',
};
