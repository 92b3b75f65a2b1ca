import { describe, expect, it } from 'vitest';
import { layerNames, normaliseKerasTopology, normaliseWeightNames, type JsonObject } from '../../../src/lib/model/keras-topology';
import { fixtureJson, realModelJson } from './keras-files';

const policy = (name: string) => ({ module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null });
const kerasTensor = (layer: string) => ({
  class_name: '__keras_tensor__',
  config: { shape: [null, 4], dtype: 'float32', keras_history: [layer, 0, 0] },
});
interface ModelConfig {
  config: {
    layers: { config: Record<string, unknown>; inbound_nodes?: unknown }[];
    dtype?: unknown;
    input_layers?: unknown;
    output_layers?: unknown;
  };
}
const modelOf = (result: JsonObject) => result.model_config as unknown as ModelConfig;
const topology = (layers: JsonObject[], extra: JsonObject = {}): JsonObject => ({
  keras_version: '3.10.0',
  model_config: { class_name: 'Functional', config: { name: 'functional', layers, ...extra } },
});

describe('normaliseKerasTopology', () => {
  it('leaves a Keras 2 model as it is', () => {
    for (const original of [realModelJson('tfkeras-sequential-1x28x28').modelTopology, fixtureJson('keras2-functional').modelTopology] as JsonObject[]) {
      expect(normaliseKerasTopology(original)).toEqual(original);
    }
  });

  it("renames InputLayer's batch_shape to batch_input_shape", () => {
    const input = { class_name: 'InputLayer', config: { batch_shape: [null, 28, 28, 1], dtype: 'float32', name: 'input_layer' } };
    const [layer] = modelOf(normaliseKerasTopology(topology([input]))).config.layers;
    expect(layer?.config).toEqual({ batch_input_shape: [null, 28, 28, 1], dtype: 'float32', name: 'input_layer' });
  });

  it('writes dtype policies as plain types, mixed precision as float32', () => {
    const dense = (name: string, dtype: JsonObject) => ({ class_name: 'Dense', config: { name, units: 2, dtype } });
    const result = normaliseKerasTopology(
      topology([dense('a', policy('float32')), dense('b', policy('mixed_float16')), dense('c', policy('int32'))], { dtype: policy('float32') }),
    );
    const config = modelOf(result).config;
    expect(config.layers.map((layer) => layer.config.dtype)).toEqual(['float32', 'float32', 'int32']);
    expect(config.dtype).toBe('float32');
  });

  it('turns Keras 3 inbound nodes into Keras 2 lists, merge layers and settings included', () => {
    const add = {
      class_name: 'Add',
      config: { name: 'add' },
      name: 'add',
      inbound_nodes: [{ args: [[kerasTensor('left'), kerasTensor('right')]], kwargs: { mask: kerasTensor('left'), training: false } }],
    };
    const [layer] = modelOf(normaliseKerasTopology(topology([add]))).config.layers;
    expect(layer?.inbound_nodes).toEqual([
      [
        ['left', 0, 0, { training: false }],
        ['right', 0, 0, { training: false }],
      ],
    ]);
  });

  it('nests a lone [name, node, tensor] in input_layers and output_layers', () => {
    const result = normaliseKerasTopology(topology([], { input_layers: ['in', 0, 0], output_layers: [['out', 0, 0]] }));
    expect(modelOf(result).config.input_layers).toEqual([['in', 0, 0]]);
    expect(modelOf(result).config.output_layers).toEqual([['out', 0, 0]]);
  });

  it('does not change the topology it was given', () => {
    const original = realModelJson('keras3-functional-logits-0to255').modelTopology as JsonObject;
    const copy = structuredClone(original);
    normaliseKerasTopology(original);
    expect(original).toEqual(copy);
  });
});

describe('normaliseWeightNames', () => {
  const spec = (name: string) => ({ name, shape: [1], dtype: 'float32' as const });

  it("drops the model's name in front of a layer's weight names and leaves the rest", () => {
    const layers = layerNames(realModelJson('keras3-sequential-cnn').modelTopology as JsonObject);
    expect([...layers]).toEqual(['input_layer', 'conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'flatten', 'dense', 'dense_1']);
    const names = normaliseWeightNames(
      [spec('keras3_sequential_cnn/conv2d/kernel'), spec('dense/bias'), spec('other/thing'), spec('conv2d')],
      layers,
    ).map((entry) => entry.name);
    expect(names).toEqual(['conv2d/kernel', 'dense/bias', 'other/thing', 'conv2d']);
  });

  it('reads layer names from functional models too', () => {
    expect([...layerNames(fixtureJson('keras2-functional').modelTopology as JsonObject)]).toEqual([
      'input_1',
      'conv2d',
      'conv2d_1',
      'add',
      'max_pooling2d',
      'flatten',
      'dense',
    ]);
  });
});
