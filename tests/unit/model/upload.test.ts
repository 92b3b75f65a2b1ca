import type { LayersModel, SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadUploadedModel, ModelUploadError, readUploadedModel } from '../../../src/lib/model/upload';
import { converterOutput, file, fixtureJson, madeUpWeights, realModelJson } from './keras-files';
import { disposedAfterAll } from './tensor-leaks';
import { cpuTf } from './tf-cpu';

const tf = await cpuTf();
const keep = disposedAfterAll(tf);
const images = keep(tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 11));

/** The hand-written Keras 2 functional fixture's network built directly in TF.js, given the same weights in manifest order. */
function referenceModel(weights: Float32Array): LayersModel {
  const conv = (padding: 'valid' | 'same') => tf.layers.conv2d({ filters: 2, kernelSize: 3, padding, activation: 'relu' });
  const input = tf.input({ shape: [28, 28, 1] });
  const sum = tf.layers.add().apply([conv('same').apply(input), conv('same').apply(input)] as SymbolicTensor[]);
  const pooled = tf.layers.flatten().apply(tf.layers.maxPooling2d({ poolSize: 2 }).apply(sum));
  const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'softmax' }).apply(pooled) as SymbolicTensor });
  let offset = 0;
  const values = model.weights.map((weight) => {
    const shape = weight.shape as number[];
    const size = shape.reduce((product, side) => product * side, 1);
    const tensor = tf.tensor(weights.subarray(offset, offset + size), shape);
    offset += size;
    return tensor;
  });
  model.setWeights(values);
  tf.dispose(values);
  return keep(model);
}

const predictions = (model: LayersModel) => tf.tidy(() => Array.from((model.predict(images) as Tensor).dataSync()));

describe('readUploadedModel + loadUploadedModel', () => {
  // Real converter output is tested in real-converter-output.test.ts; this one has no real file (a Keras 2 functional model with a merge).
  it('loads a converted Keras 2 functional model that predicts what the same network in TF.js predicts', async () => {
    const json = fixtureJson('keras2-functional');
    const weights = madeUpWeights(json);
    const uploaded = await readUploadedModel(converterOutput(json, weights));
    const model = keep(await loadUploadedModel(tf, uploaded.artifacts));
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    const expected = predictions(referenceModel(weights));
    predictions(model).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6));
  });

  it.each(['keras3-sequential-cnn', 'keras3-functional-logits-0to255'] as const)(
    'is needed: TF.js 4.22 alone refuses the real %s model.json',
    async (fixture) => {
      const json = realModelJson(fixture);
      const weightData = madeUpWeights(json).buffer;
      const raw = { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData };
      await expect(tf.loadLayersModel(tf.io.fromMemory(raw))).rejects.toThrow(/batchInputShape/);
    },
  );

  it('joins several shards in the order of the manifest, whatever order they were chosen in', async () => {
    const json = realModelJson('keras3-sequential-cnn');
    const weights = madeUpWeights(json);
    const [modelJson, ...shards] = converterOutput(json, weights, 3);
    const uploaded = await readUploadedModel([shards[2]!, modelJson!, shards[0]!, shards[1]!]);
    expect(new Float32Array(uploaded.artifacts.weightData as ArrayBuffer)).toEqual(weights);
    expect(uploaded.files).toEqual(['model.json', 'group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
  });

  it('offers the .json file name as the model name, unless it is just "model"', async () => {
    const json = realModelJson('tfkeras-sequential-1x28x28');
    const [modelJson, shard] = converterOutput(json, madeUpWeights(json));
    const renamed = { ...modelJson!, name: 'mnist-cnn.json' };
    expect((await readUploadedModel([modelJson!, shard!])).name).toBe('My Keras model');
    expect((await readUploadedModel([renamed, shard!])).name).toBe('mnist-cnn');
  });

  it('ignores files the model does not name', async () => {
    const json = realModelJson('tfkeras-sequential-1x28x28');
    const files = [...converterOutput(json, madeUpWeights(json)), file('notes.txt', 'hello'), file('model.h5', new Uint8Array(9))];
    expect((await readUploadedModel(files)).files).toEqual(['model.json', 'group1-shard1of1.bin']);
  });
});

describe('readUploadedModel says plainly what is wrong with the files', () => {
  const json = fixtureJson('keras2-functional');
  const weights = madeUpWeights(json);
  const rejection = (files: Parameters<typeof readUploadedModel>[0]) => readUploadedModel(files).catch((error: unknown) => error);

  it('no .json among the files', async () => {
    const error = await rejection([file('group1-shard1of1.bin', new Uint8Array(8))]);
    expect(error).toBeInstanceOf(ModelUploadError);
    expect((error as Error).message).toBe(
      'None of these files is a model.json: choose the model.json that tensorflowjs_converter wrote, together with its .bin files.',
    );
    expect(await rejection([])).toBeInstanceOf(ModelUploadError);
  });

  it('two .json files', async () => {
    const files = [...converterOutput(json, weights), file('other.json', '{}')];
    await expect(readUploadedModel(files)).rejects.toThrow('You chose several .json files (model.json and other.json)');
  });

  it('broken JSON', async () => {
    await expect(readUploadedModel([file('model.json', '{"modelTopology": {')])).rejects.toThrow(
      'model.json is not readable JSON (perhaps it was cut short)',
    );
  });

  it.each([
    ['an object that is not a model', '{"hello":1}'],
    ['a list', '[1, 2]'],
    ['another format', JSON.stringify({ ...json, format: 'something-else' })],
    ['a manifest without shapes', JSON.stringify({ ...json, weightsManifest: [{ paths: ['a.bin'], weights: [{ name: 'w' }] }] })],
  ])('%s', async (_, text) => {
    await expect(readUploadedModel([file('model.json', text)])).rejects.toThrow(
      'model.json is not a TensorFlow.js model: choose the model.json that tensorflowjs_converter --input_format keras model.h5 out/ writes.',
    );
  });

  it('a graph model (converted from a SavedModel)', async () => {
    const graph = { format: 'graph-model', modelTopology: { node: [], library: {} }, weightsManifest: [] };
    await expect(readUploadedModel([file('model.json', JSON.stringify(graph))])).rejects.toThrow(
      /is a TensorFlow.js graph model \(converted from a SavedModel\).*convert your Keras model to the layers format/,
    );
    const unlabelled = { ...graph, format: undefined };
    await expect(readUploadedModel([file('model.json', JSON.stringify(unlabelled))])).rejects.toThrow(/graph model/);
  });

  it('a missing shard, or several', async () => {
    const [modelJson, first] = converterOutput(json, weights, 2);
    await expect(readUploadedModel([modelJson!, first!])).rejects.toThrow(
      new ModelUploadError('group1-shard2of2.bin is missing: choose it together with model.json.'),
    );
    await expect(readUploadedModel([modelJson!])).rejects.toThrow(
      'group1-shard1of2.bin and group1-shard2of2.bin are missing: choose them together with model.json.',
    );
  });

  it('a shard of the wrong size', async () => {
    const [modelJson, shard] = converterOutput(json, weights);
    const short = file(shard!.name, new Uint8Array(100));
    await expect(readUploadedModel([modelJson!, short])).rejects.toThrow(
      `group1-shard1of1.bin holds 100 bytes but model.json needs ${weights.byteLength}: choose the .bin files converted with it.`,
    );
  });
});

describe('loadUploadedModel', () => {
  it('names a layer TF.js does not have', async () => {
    const json = realModelJson('tfkeras-sequential-1x28x28');
    const uploaded = await readUploadedModel(converterOutput(json, madeUpWeights(json)));
    const topology = structuredClone(uploaded.artifacts.modelTopology) as { model_config: { config: { layers: { class_name: string }[] } } };
    topology.model_config.config.layers[2]!.class_name = 'Lambda';
    await expect(loadUploadedModel(tf, { ...uploaded.artifacts, modelTopology: topology })).rejects.toThrow(
      new ModelUploadError('This model uses Lambda, which TensorFlow.js does not have: rebuild it from standard Keras layers and convert it again.'),
    );
  });
});

describe('loadUploadedModel when TF.js gives up half-way', () => {
  it('says why and frees the weights of the layers it had built', async () => {
    const json = realModelJson('tfkeras-sequential-1x28x28');
    const uploaded = await readUploadedModel(converterOutput(json, madeUpWeights(json)));
    const topology = structuredClone(uploaded.artifacts.modelTopology) as {
      model_config: { config: { layers: { config: Record<string, unknown> }[] } };
    };
    topology.model_config.config.layers[4]!.config.activation = 'no-such-activation';
    const tensors = tf.memory().numTensors;
    await expect(loadUploadedModel(tf, { ...uploaded.artifacts, modelTopology: topology })).rejects.toThrow(
      /^TensorFlow.js could not build this model \(.*no-such-activation.*\)\.$/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
