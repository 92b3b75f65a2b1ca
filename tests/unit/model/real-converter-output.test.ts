/**
 * The upload on real tensorflowjs_converter 4.22 output (tests/fixtures/keras-converted): each
 * of the three loads, gets the pixel scale it was trained at suggested where the model shows
 * it, and reads MNIST test images 0–19 exactly as Python did (expected.json).
 */
import { describe, expect, it } from 'vitest';
import { inspectDigitModel, predictProbabilities, suggestPixelScale } from '../../../src/lib/model/digit-model';
import { loadUploadedModel, readUploadedModel } from '../../../src/lib/model/upload';
import { realMnist } from '../train/real-mnist';
import { REAL_CONVERTER_OUTPUTS, realConverterFiles, realExpectation, realModelJson } from './keras-files';
import { disposedAfterAll } from './tensor-leaks';
import { cpuTf } from './tf-cpu';

const tf = await cpuTf();
const keep = disposedAfterAll(tf);
const mnist = realMnist(0, 20);

/** Test image `index` as the pad hands it over: 784 values 0..1. */
function testImage(index: number): Float32Array {
  const { pixels } = mnist.test;
  return Float32Array.from(pixels.subarray(index * 784, (index + 1) * 784), (value) => value / 255);
}

describe.each(REAL_CONVERTER_OUTPUTS)('real converter output: %s', (name) => {
  const expected = realExpectation(name);

  it('loads, and is fed as it was trained', async () => {
    const uploaded = await readUploadedModel(realConverterFiles(name));
    expect(uploaded.files).toEqual(['model.json', 'group1-shard1of1.bin']);
    const model = keep(await loadUploadedModel(tf, uploaded.artifacts));
    expect(model.inputs[0]!.shape.slice(1)).toEqual(expected.inputShape);
    const spec = inspectDigitModel(model);
    expect(spec.inputLayout).toBe(expected.inputShape[0] === 1 ? 'nchw' : 'nhwc');
    expect(spec.outputsProbabilities).toBe(expected.output === 'softmax');
    // Only a model that starts with Rescaling(1/255) shows its scale; the others default to 0–1, which is theirs.
    expect(suggestPixelScale(model)).toBe(expected.pixelScale === '0-255' ? 'byte' : 'unit');

    expect(Array.from(mnist.test.labels)).toEqual(expected.first20Labels);
    const read = expected.first20Labels.map((_, index) => {
      const probabilities = predictProbabilities(tf, model, spec, testImage(index), suggestPixelScale(model));
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      return probabilities.indexOf(Math.max(...probabilities));
    });
    expect(read).toEqual(expected.first20Predictions);
  });

  const keras3 = name.startsWith('keras3');
  it(keras3 ? 'needs our rewrite: TF.js 4.22 alone refuses this Keras 3 model.json' : 'loads in TF.js 4.22 as it is (tf_keras writes the Keras 2 layout)', async () => {
    const json = realModelJson(name);
    const weightData = new Float32Array(json.weightsManifest[0]!.weights.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0)).buffer;
    const raw = { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData };
    if (keras3) {
      await expect(tf.loadLayersModel(tf.io.fromMemory(raw))).rejects.toThrow();
    } else {
      const model = await tf.loadLayersModel(tf.io.fromMemory(raw));
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      model.dispose();
    }
  });
});
