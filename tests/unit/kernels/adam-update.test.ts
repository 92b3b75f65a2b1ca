import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE } from '../../../src/lib/kernels/kernel-names';
import { createScheduledAdam } from '../../../src/lib/train/optimizer';
import { expectClose, KERNEL_LOOPS, randomArray, seededRandom, useWasmWithOurKernels } from './backend-comparison';

/** Six Adam steps (the rate changed halfway) on a tiny dense model with odd sizes; its weights and optimizer state. */
async function trainWithAdam(backend: 'cpu' | 'wasm'): Promise<{ weights: Float32Array[]; state: Float32Array[]; kernels: string[] }> {
  await tf.setBackend(backend);
  const random = seededRandom(31);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [7], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const optimizer = createScheduledAdam(tf, 0.05, [0.7, 0.9]);
  const x = tf.tensor2d(randomArray(9 * 7, random), [9, 7]);
  const y = tf.tensor2d(randomArray(9 * 3, random), [9, 3]);
  const step = () => tf.tidy(() => void optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar));
  step();
  const tensors = tf.memory().numTensors;
  const profile = await tf.profile(step);
  for (let i = 0; i < 4; i++) {
    if (i === 2) optimizer.setLearningRate(0.01);
    step();
  }
  expect(tf.memory().numTensors).toBe(tensors);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const state = (await optimizer.getWeights()).map((w) => w.tensor.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { weights, state, kernels: profile.kernels.map((k) => k.name) };
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(KERNEL_LOOPS)('the scheduled Adam on wasm, one kernel per variable (%s loops)', (loops) => {
  beforeAll(() => useWasmWithOurKernels(loops));

  it('ends with TF.js’s Adam weights and state (moments, β powers), leaking nothing', async () => {
    const onCpu = await trainWithAdam('cpu');
    const onWasm = await trainWithAdam('wasm');
    expect(onCpu.kernels).not.toContain(ADAM_UPDATE);
    expect(onWasm.kernels.filter((name) => name === ADAM_UPDATE)).toHaveLength(4);
    expect(onWasm.kernels).not.toContain('Sqrt');
    onWasm.weights.forEach((w, i) => expectClose(w, onCpu.weights[i]!, `weight ${i}`));
    expect(onWasm.state.length).toBe(onCpu.state.length);
    onWasm.state.forEach((s, i) => expectClose(s, onCpu.state[i]!, `optimizer state ${i}`));
  });
});
