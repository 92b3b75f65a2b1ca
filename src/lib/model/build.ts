/**
 * Turns a model config into a TF.js model. The model outputs logits — one raw score per
 * digit, no softmax — because the training loss applies the softmax itself (in a numerically
 * safer way); predict.ts applies it when a page wants probabilities.
 */
import type { Sequential } from '@tensorflow/tfjs';
import {
  BATCH_NORM_DEFAULT_MOMENTUM,
  CONV_DEFAULTS,
  DENSE_DEFAULTS,
  INPUT_SHAPE,
  ModelConfigError,
  poolStrides,
  type LayerSpec,
  type ModelConfig,
} from './config';
import { seedSequence } from './seeds';
import type { Tfjs } from './tfjs';
import { validateModelConfig } from './validate';

type Layer = Parameters<Sequential['add']>[0];

export interface BuildOptions {
  /** The same seed gives the same initial weights, so a lesson's run can be repeated. */
  seed: number;
}

/** Throws ModelConfigError, listing every problem, when the config cannot be built. */
export function buildModel(tf: Tfjs, config: ModelConfig, { seed }: BuildOptions): Sequential {
  const problems = validateModelConfig(config);
  if (problems.length > 0) throw new ModelConfigError(config.name, problems);

  // One seed per layer, drawn in order whatever the layer type, so editing one layer does
  // not change the initial weights of the others.
  const nextSeed = seedSequence(seed);
  const model = tf.sequential();
  config.layers.forEach((spec, index) => {
    // The first layer declares the input, so model.layers[i] is row i of the shape table.
    const naming = index === 0 ? { name: layerName(spec, index), inputShape: [...INPUT_SHAPE] } : { name: layerName(spec, index) };
    model.add(createLayer(tf, spec, naming, nextSeed()));
  });
  return model;
}

/** "conv1", "batchNorm2", …: the row numbers of the shape table, so activations can be matched to it. */
export function layerName(spec: LayerSpec, index: number): string {
  return `${spec.type}${index + 1}`;
}

/** The arguments every TF layer takes: its name, and for the first layer the input shape. */
interface LayerNaming {
  name: string;
  inputShape?: number[];
}

function createLayer(tf: Tfjs, spec: LayerSpec, naming: LayerNaming, seed: number): Layer {
  switch (spec.type) {
    case 'conv':
      return tf.layers.conv2d({
        ...naming,
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        strides: spec.strides ?? CONV_DEFAULTS.strides,
        padding: spec.padding ?? CONV_DEFAULTS.padding,
        activation: spec.activation ?? CONV_DEFAULTS.activation,
        useBias: spec.useBias ?? CONV_DEFAULTS.useBias,
        // Every conv in the course feeds a ReLU, directly or through a batchNorm; He et al.
        // (2015) derived this scale so that ReLU layers keep the signal's variance.
        kernelInitializer: tf.initializers.heNormal({ seed }),
      });
    case 'batchNorm':
      return tf.layers.batchNormalization({ ...naming, momentum: spec.momentum ?? BATCH_NORM_DEFAULT_MOMENTUM });
    case 'relu':
      return tf.layers.reLU(naming);
    case 'maxPool':
      return tf.layers.maxPooling2d({ ...naming, poolSize: spec.poolSize, strides: poolStrides(spec) });
    case 'flatten':
      return tf.layers.flatten(naming);
    case 'globalAveragePool':
      return tf.layers.globalAveragePooling2d(naming);
    case 'dense': {
      const activation = spec.activation ?? DENSE_DEFAULTS.activation;
      // He for a ReLU layer (as for conv); Glorot, TF's default, for the linear score layer.
      const kernelInitializer =
        activation === 'relu' ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
      return tf.layers.dense({ ...naming, units: spec.units, activation, kernelInitializer });
    }
    case 'dropout':
      // Not seeded: TF.js dropout with a fixed seed draws the same mask on every step,
      // which would silence the same units all run long. Models with dropout are therefore
      // not exactly repeatable.
      return tf.layers.dropout({ ...naming, rate: spec.rate });
  }
}
