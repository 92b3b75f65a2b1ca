import { join } from 'node:path';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadLayersModelFromDir } from '../../../scripts/lib/layers-model-files';
import {
  inspectDigitModel,
  predictProbabilities,
  suggestPixelScale,
  type DigitModelSpec,
  type InputLayout,
} from '../../../src/lib/model/digit-model';
import { loadUploadedModel, ModelUploadError, readUploadedModel } from '../../../src/lib/model/upload';
import { converterOutput, fixtureJson, madeUpWeights, realConverterFiles } from './keras-files';
import { disposedAfterAll } from './tensor-leaks';
import { cpuTf } from './tf-cpu';

const tf = await cpuTf();
const keep = disposedAfterAll(tf);

// One pixel off the diagonal (row 3, column 20), so a model that read the image transposed
// or in the wrong order would miss it.
const PROBE_ROW = 3;
const PROBE_COLUMN = 20;
const PROBE_WEIGHT = 5;
const probeImage = () => {
  const pixels = new Float32Array(784);
  pixels[PROBE_ROW * 28 + PROBE_COLUMN] = 1;
  return pixels;
};
/** softmax([x, 0, 0, …, 0])[0] */
const firstOfSoftmax = (x: number) => 1 / (1 + 9 * Math.exp(-x));

const INPUT_SHAPES: Record<InputLayout, number[]> = { nhwc: [28, 28, 1], nchw: [1, 28, 28], flat: [784], hw: [28, 28] };

/** (Flatten →) Dense(10) whose only weight links the probe pixel to digit 0. */
function probeModel(inputShape: number[], activation: 'linear' | 'softmax' = 'linear', weight = PROBE_WEIGHT): LayersModel {
  const dense = (first: boolean) => tf.layers.dense({ units: 10, activation, useBias: false, ...(first && { inputShape }) });
  // TF.js's Flatten wants at least [batch, a, b]; a flat input goes straight to the Dense.
  const layers = inputShape.length === 1 ? [dense(true)] : [tf.layers.flatten({ inputShape }), dense(false)];
  const model = tf.sequential({ layers });
  const kernel = new Float32Array(784 * 10);
  kernel[(PROBE_ROW * 28 + PROBE_COLUMN) * 10] = weight;
  tf.tidy(() => model.setWeights([tf.tensor2d(kernel, [784, 10])]));
  return keep(model);
}

describe('inspectDigitModel', () => {
  it.each(Object.entries(INPUT_SHAPES))('recognises the %s layout from the input shape %j', (layout, shape) => {
    expect(inspectDigitModel(probeModel(shape))).toEqual({ inputLayout: layout, outputsProbabilities: false });
  });

  it('accepts a model that leaves the image size open', () => {
    const model = keep(
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [null, null, 1], filters: 10, kernelSize: 3 }),
          tf.layers.globalMaxPooling2d({}),
        ],
      }),
    );
    expect(inspectDigitModel(model).inputLayout).toBe('nhwc');
  });

  it.each([
    ['Dense with softmax', () => probeModel([784], 'softmax')],
    ['an Activation layer', () => keep(tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10 }), tf.layers.activation({ activation: 'softmax' })] }))],
    ['a Softmax layer', () => keep(tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10 }), tf.layers.softmax()] }))],
  ])('sees probabilities when the model ends in %s', (_, build) => {
    expect(inspectDigitModel(build()).outputsProbabilities).toBe(true);
  });

  it('inspects the shipped default model (logits, [28, 28, 1]) as { nhwc, logits }', async () => {
    const model = keep(await loadLayersModelFromDir(tf, join(process.cwd(), 'public/models/default')));
    expect(inspectDigitModel(model)).toEqual({ inputLayout: 'nhwc', outputsProbabilities: false });
  });

  it('inspects an uploaded Keras 3 model (softmax at the end) as { nhwc, probabilities }', async () => {
    const { artifacts } = await readUploadedModel(realConverterFiles('keras3-sequential-cnn'));
    const model = keep(await loadUploadedModel(tf, artifacts));
    expect(inspectDigitModel(model)).toEqual({ inputLayout: 'nhwc', outputsProbabilities: true });
  });

  describe('says what does not fit', () => {
    const reject = (model: LayersModel) => () => inspectDigitModel(keep(model));

    it('an image of another size', () => {
      const colour = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [32, 32, 3] }), tf.layers.dense({ units: 10 })] });
      expect(reject(colour)).toThrow(
        new ModelUploadError(
          'This model expects images of [32, 32, 3]; Digit Lab gives it 28×28 grey digits, shaped [28, 28, 1], [1, 28, 28], [28, 28] or [784].',
        ),
      );
    });

    it('not ten outputs', () => {
      const five = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 5 })] });
      expect(reject(five)).toThrow('This model ends in [5] numbers; Digit Lab needs 10, one score per digit 0–9.');
    });

    it('several inputs or outputs', () => {
      const a = tf.input({ shape: [784] });
      const b = tf.input({ shape: [784] });
      const twoInputs = tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 10 }).apply(tf.layers.add().apply([a, b])) as SymbolicTensor });
      expect(reject(twoInputs)).toThrow('This model takes 2 inputs; Digit Lab gives it one image.');
      const c = tf.input({ shape: [784] });
      const twoOutputs = tf.model({ inputs: c, outputs: [tf.layers.dense({ units: 10 }).apply(c), tf.layers.dense({ units: 10 }).apply(c)] as SymbolicTensor[] });
      expect(reject(twoOutputs)).toThrow('This model gives 2 outputs; Digit Lab needs one: ten scores, one per digit.');
    });
  });
});

describe('suggestPixelScale', () => {
  it("suggests 'byte' for a Keras model that starts with Rescaling(1/255), and reads its digits", async () => {
    const json = fixtureJson('keras3-sequential-rescaling');
    const { artifacts } = await readUploadedModel(converterOutput(json, madeUpWeights(json)));
    const model = keep(await loadUploadedModel(tf, artifacts));
    expect(model.layers.map((layer) => layer.getClassName())).toEqual([
      'InputLayer', 'Rescaling', 'Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense',
    ]);
    expect(suggestPixelScale(model)).toBe('byte');
    const probabilities = predictProbabilities(tf, model, inspectDigitModel(model), probeImage(), suggestPixelScale(model));
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it("suggests 'unit' otherwise", () => {
    const halves = keep(tf.sequential({ layers: [tf.layers.rescaling({ inputShape: [784], scale: 0.5 }), tf.layers.dense({ units: 10 })] }));
    expect(suggestPixelScale(halves)).toBe('unit');
    expect(suggestPixelScale(probeModel([28, 28, 1]))).toBe('unit');
  });
});

describe('predictProbabilities', () => {
  const logits: DigitModelSpec['outputsProbabilities'] = false;

  it.each(Object.entries(INPUT_SHAPES) as [InputLayout, number[]][])(
    'hands the %s model the image the right way round',
    (inputLayout, shape) => {
      const probabilities = predictProbabilities(tf, probeModel(shape), { inputLayout, outputsProbabilities: logits }, probeImage(), 'unit');
      expect(probabilities).toHaveLength(10);
      expect(probabilities[0]).toBeCloseTo(firstOfSoftmax(PROBE_WEIGHT), 5);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    },
  );

  it('feeds a channels-first convolution what a channels-last one gets', () => {
    const conv = (dataFormat: 'channelsFirst' | 'channelsLast', inputShape: number[]) =>
      keep(tf.sequential({ layers: [tf.layers.conv2d({ inputShape, dataFormat, filters: 10, kernelSize: 28 }), tf.layers.flatten()] }));
    const last = conv('channelsLast', [28, 28, 1]);
    const first = conv('channelsFirst', [1, 28, 28]);
    first.setWeights(last.getWeights());
    const image = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);
    const fromLast = predictProbabilities(tf, last, inspectDigitModel(last), image, 'unit');
    const fromFirst = predictProbabilities(tf, first, inspectDigitModel(first), image, 'unit');
    expect(inspectDigitModel(first).inputLayout).toBe('nchw');
    fromFirst.forEach((value, i) => expect(value).toBeCloseTo(fromLast[i]!, 5));
  });

  it("multiplies pixels by 255 for a 'byte' model", () => {
    // A weight small enough that 0..1 and 0..255 pixels give clearly different answers.
    const model = probeModel([784], 'linear', 0.01);
    const spec = inspectDigitModel(model);
    expect(predictProbabilities(tf, model, spec, probeImage(), 'unit')[0]).toBeCloseTo(firstOfSoftmax(0.01), 5); // 0.101
    expect(predictProbabilities(tf, model, spec, probeImage(), 'byte')[0]).toBeCloseTo(firstOfSoftmax(2.55), 5); // 0.591
  });

  it('does not apply softmax twice to a model that ends in softmax', () => {
    const model = probeModel([784], 'softmax');
    const probabilities = predictProbabilities(tf, model, inspectDigitModel(model), probeImage(), 'unit');
    expect(probabilities[0]).toBeCloseTo(firstOfSoftmax(PROBE_WEIGHT), 5);
  });

  it('refuses an image that is not 28×28', () => {
    const model = probeModel([784]);
    expect(() => predictProbabilities(tf, model, inspectDigitModel(model), new Float32Array(100), 'unit')).toThrow(
      'A digit is 784 pixels (28×28), not 100',
    );
  });

  it('keeps no tensors: as many after 200 predictions as after 10', () => {
    const model = keep(
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 5, strides: 3, activation: 'relu' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10 }),
        ],
      }),
    );
    const spec = inspectDigitModel(model);
    const predict = (times: number) => {
      for (let i = 0; i < times; i++) predictProbabilities(tf, model, spec, probeImage(), 'unit');
      return tf.memory().numTensors;
    };
    const afterTen = predict(10);
    expect(predict(190)).toBe(afterTen);
  });
});
