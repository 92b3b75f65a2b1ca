import { describe, expect, it } from 'vitest';
import { channelOf, layerActivations } from '../../../src/lib/inspect/activations';
import { firstConvModel, strongestResponses, topIndices } from '../../../src/lib/inspect/excite';
import { modelKernels } from '../../../src/lib/inspect/filters';
import { saliency } from '../../../src/lib/inspect/saliency';
import { buildModel } from '../../../src/lib/model/build';
import type { ModelConfig } from '../../../src/lib/model/config';
import { inspectDigitModel } from '../../../src/lib/model/digit-model';
import { MODEL_PRESETS } from '../../../src/lib/model/presets';
import { inferShapes } from '../../../src/lib/model/shapes';
import { cpuTf } from '../model/tf-cpu';

const DENSE_ONLY: ModelConfig = { name: 'Dense only', layers: [{ type: 'flatten' }, { type: 'dense', units: 32, activation: 'relu' }, { type: 'dense', units: 10 }] };
const CONFIGS: [string, ModelConfig][] = [...Object.entries(MODEL_PRESETS), ['dense only', DENSE_ONLY]];

/** A "1": a vertical bar in the middle. */
const ONE = Float32Array.from({ length: 784 }, (_, i) => (i % 28 >= 13 && i % 28 <= 14 && i >= 4 * 28 && i < 24 * 28 ? 1 : 0));

describe.each(CONFIGS)('inspecting the %s network', (_, config) => {
  it('gives every layer’s output with the shapes of the lesson-3 table, saliency over the 784 pixels, and frees its tensors', async () => {
    const tf = await cpuTf();
    const model = buildModel(tf, config, { seed: 1 });
    const spec = inspectDigitModel(model);
    const before = tf.memory().numTensors;
    const activations = layerActivations(tf, model, spec, ONE);
    expect(activations.map((a) => a.shape)).toEqual(inferShapes(config).layers.map((layer) => [...layer.outputShape]));
    expect(activations.map((a) => a.name)).toEqual(model.layers.map((layer) => layer.name));
    for (const activation of activations) expect(activation.values).toHaveLength(activation.shape.reduce((a, b) => a * b, 1));
    const last = activations.at(-1)!;
    expect(last.shape).toEqual([10]);

    const map = saliency(tf, model, spec, ONE, 'unit');
    expect(map.gradient).toHaveLength(784);
    expect(map.maxAbs).toBeGreaterThan(0);
    expect(map.digit).toBe(topIndex(last.values));
    layerActivations(tf, model, spec, ONE); // a second view costs no tensors either
    expect(tf.memory().numTensors).toBe(before);

    const kernels = modelKernels(model);
    expect(kernels).toHaveLength(config.layers.filter((layer) => layer.type === 'conv').length);
    model.dispose();
  });
});

function topIndex(values: Float32Array): number {
  return values.indexOf(Math.max(...values));
}

describe('channelOf', () => {
  it('picks one channel of a height × width × channels activation', () => {
    const values = Float32Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    expect([...channelOf({ name: 'x', className: 'Conv2D', shape: [2, 2, 3], values }, 1)]).toEqual([1, 4, 7, 10]);
  });
});

describe('what a first-layer filter looks for', () => {
  it('scores each image by each filter’s strongest response, and ranks them', async () => {
    const tf = await cpuTf();
    const model = buildModel(tf, MODEL_PRESETS.default, { seed: 1 });
    const probe = firstConvModel(tf, model)!;
    const pixels = new Uint8Array(3 * 784);
    pixels.set(Uint8Array.from(ONE, (v) => v * 255), 784); // image 1 has ink, 0 and 2 are blank
    const before = tf.memory().numTensors;
    const responses = strongestResponses(tf, probe, inspectDigitModel(model), 'unit', pixels, 0, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(responses).toHaveLength(3 * 12);
    expect(responses[0]).toBeCloseTo(responses[24]!); // the two blank images respond alike
    expect(topIndices([0.1, 0.5, 0.3, 0.5], 3)).toEqual([1, 3, 2]);
    expect(firstConvModel(tf, buildModel(tf, DENSE_ONLY, { seed: 1 }))).toBeNull();
    model.dispose();
  });
});

describe('topIndices (the images a filter likes most)', () => {
  it('gives the same order as sorting everything, ties by lower index, for any count', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const scores = Float32Array.from({ length: 500 }, () => Math.round(random() * 40) / 4); // many ties
    const sorted = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (const count of [0, 1, 6, 499, 500, 600]) expect(topIndices(scores, count)).toEqual(sorted.slice(0, count));
  });
});
