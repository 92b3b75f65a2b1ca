/**
 * A model's layers as a chain: each layer (after the input) reads only the one before it, as in
 * a Sequential model. The pad warms such a model up one layer a turn, each layer once on the
 * previous one's output, instead of running a model cut after each layer (which runs the first
 * layers again for every later one).
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Tfjs } from './tfjs';

type Layer = LayersModel['layers'][number];

/** The layers in order when the model is a chain; null for any other graph (branches, shared layers, several inputs). */
export function layerChain(model: LayersModel): Layer[] | null {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const chained =
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    layers.length > 0 &&
    layers.every((layer, index) => {
      const inbound = layer.inboundNodes;
      if (inbound.length !== 1 || inbound[0]!.inboundLayers.length !== 1) return false;
      const source = inbound[0]!.inboundLayers[0]!;
      return index === 0 ? source.getClassName() === 'InputLayer' : source === layers[index - 1];
    }) &&
    layers.at(-1)!.output === model.outputs[0];
  return chained ? layers : null;
}

/**
 * Runs `chain` on `input` one layer per step, awaiting `between()` before each layer, and
 * returns the output (the caller disposes it). `input` is disposed; so is every tensor between.
 */
export async function runChainStepwise(tf: Tfjs, chain: readonly Layer[], input: Tensor, between: () => Promise<void>): Promise<Tensor> {
  let x = input;
  try {
    for (const layer of chain) {
      await between();
      const previous = x;
      x = tf.tidy(() => layer.apply(previous, { training: false }) as Tensor);
      previous.dispose();
    }
    return x;
  } catch (error) {
    x.dispose();
    throw error;
  }
}
