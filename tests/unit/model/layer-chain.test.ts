import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import { layerChain, runChainStepwise } from '../../../src/lib/model/layer-chain';
import { MODEL_PRESETS } from '../../../src/lib/model/presets';
import { loadUploadedModel, readUploadedModel } from '../../../src/lib/model/upload';
import { REAL_CONVERTER_OUTPUTS, realConverterFiles } from './keras-files';
import { disposedAfterAll } from './tensor-leaks';
import { cpuTf } from './tf-cpu';

const tf = await cpuTf();
const keep = disposedAfterAll(tf);
const turn = () => Promise.resolve();

/** Largest difference between the stepwise run and model.predict on the same random image. */
async function stepwiseAgainstPredict(model: import('@tensorflow/tfjs').LayersModel): Promise<number> {
  const chain = layerChain(model)!;
  const shape = [1, ...model.inputs[0]!.shape.slice(1)] as number[];
  const image = tf.randomUniform(shape, 0, 1, 'float32', 3);
  const whole = model.predict(image) as Tensor;
  const stepwise = await runChainStepwise(tf, chain, image.clone(), turn);
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(whole, stepwise))).dataSync()[0]!);
  tf.dispose([image, whole, stepwise]);
  return difference;
}

describe('layerChain and runChainStepwise', () => {
  it('every preset is a chain, and running it a layer at a time gives what predict gives, with nothing left behind', async () => {
    for (const config of Object.values(MODEL_PRESETS)) {
      const model = keep(buildModel(tf, config, { seed: 1 }));
      expect(layerChain(model)?.map((layer) => layer.name)).toEqual(model.layers.map((layer) => layer.name));
      const before = tf.memory().numTensors;
      expect(await stepwiseAgainstPredict(model)).toBeLessThan(1e-5);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('waits for a turn before each layer', async () => {
    const model = keep(buildModel(tf, MODEL_PRESETS.tutorial, { seed: 1 }));
    let turns = 0;
    const out = await runChainStepwise(tf, layerChain(model)!, tf.zeros([1, 28, 28, 1]), async () => void (turns += 1));
    out.dispose();
    expect(turns).toBe(model.layers.length);
  });

  it('a graph with a branch, or a layer used twice, is not a chain', () => {
    const input = tf.input({ shape: [784] });
    const left = tf.layers.dense({ units: 8 }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
    const right = tf.layers.dense({ units: 8 }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
    const joined = tf.layers.concatenate().apply([left, right]) as import('@tensorflow/tfjs').SymbolicTensor;
    const branched = keep(tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10 }).apply(joined) as import('@tensorflow/tfjs').SymbolicTensor }));
    expect(layerChain(branched)).toBeNull();

    const shared = tf.layers.dense({ units: 784 });
    const twice = shared.apply(shared.apply(input)) as import('@tensorflow/tfjs').SymbolicTensor;
    const reused = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10 }).apply(twice) as import('@tensorflow/tfjs').SymbolicTensor });
    expect(layerChain(reused)).toBeNull();
    reused.dispose();
    // TF.js counts a layer once per use: the model's dispose leaves the shared layer's weights for a second call.
    shared.dispose();
  });

  it('the real converter outputs (Keras 3 and tf_keras) that are chains run stepwise exactly as predict', async () => {
    let chains = 0;
    for (const name of REAL_CONVERTER_OUTPUTS) {
      const model = keep(await loadUploadedModel(tf, (await readUploadedModel(realConverterFiles(name))).artifacts));
      if (!layerChain(model)) continue;
      chains += 1;
      expect(await stepwiseAgainstPredict(model)).toBeLessThan(1e-4);
    }
    expect(chains).toBeGreaterThan(0);
  });
});
