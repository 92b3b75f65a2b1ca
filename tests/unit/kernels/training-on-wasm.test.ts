import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  registerWasmTrainingKernels,
  stockWasmKernelFunc,
  WASM_TRAINING_KERNELS,
} from '../../../src/lib/kernels/register';
import { expectClose, KERNEL_LOOPS, randomArray, runOn, seededRandom, useWasmWithOurKernels } from './backend-comparison';

const BATCH = 16;
const IMAGE = 12;

/** conv 3x3 ×4 → relu → maxPool 2 → flatten → dense 10, with seeded glorot weights. */
function tinyModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [IMAGE, IMAGE, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }) }),
    ],
  });
}

function trainingBatch(): { images: Float32Array; labels: Float32Array } {
  const random = seededRandom(99);
  const images = randomArray(BATCH * IMAGE * IMAGE, random).map((v) => (v + 1) / 2);
  const labels = new Float32Array(BATCH * 10);
  for (let i = 0; i < BATCH; i++) labels[i * 10 + Math.floor(random() * 10)] = 1;
  return { images, labels };
}

/** Trains a fresh tiny model for `steps` SGD steps on one batch; returns its weights. */
async function trainTinyModel(backendName: 'cpu' | 'wasm', steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backendName);
  const { images, labels } = trainingBatch();
  const model = tinyModel();
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(images, [BATCH, IMAGE, IMAGE, 1]);
  const y = tf.tensor2d(labels, [BATCH, 10]);
  for (let step = 0; step < steps; step++) await model.trainOnBatch(x, y);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

describe.each(KERNEL_LOOPS)('training a small CNN on wasm with our kernels (%s loops)', (loops) => {
  beforeAll(() => useWasmWithOurKernels(loops));

  it('ends 5 SGD steps with the same weights as the cpu backend', async () => {
    const initial = await trainTinyModel('cpu', 0);
    const onCpu = await trainTinyModel('cpu', 5);
    const onWasm = await trainTinyModel('wasm', 5);
    expect(onWasm.length).toBe(onCpu.length);
    onCpu.forEach((expected, i) => {
      // The weights must have moved, or the comparison would prove nothing.
      expect(expected).not.toEqual(initial[i]);
      expectClose(onWasm[i]!, expected, `weight ${i}`);
    });
  });

  it('does not leak tensors across 20 training steps', async () => {
    await tf.setBackend('wasm');
    const { images, labels } = trainingBatch();
    const model = tinyModel();
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(images, [BATCH, IMAGE, IMAGE, 1]);
    const y = tf.tensor2d(labels, [BATCH, 10]);
    await model.trainOnBatch(x, y); // the first step creates Adam's moment tensors
    const afterFirstStep = tf.memory().numTensors;
    for (let step = 0; step < 20; step++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(afterFirstStep);
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('registerWasmTrainingKernels', () => {
  beforeAll(() => useWasmWithOurKernels('in-place'));

  it('registers every kernel for wasm and is safe to call twice', () => {
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    const registered = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    expect(WASM_TRAINING_KERNELS).toEqual(
      expect.arrayContaining([tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.MaxPoolGrad]),
    );
    for (const name of WASM_TRAINING_KERNELS) expect(registered.has(name), name).toBe(true);
  });

  /** Runs a kernel by name: the registered one (ours), or the stock wasm one we displaced. */
  function runKernel(name: string, inputs: tf.NamedTensorMap, attrs: object, useStock: boolean): tf.Tensor {
    const stock = stockWasmKernelFunc(name);
    if (!useStock || stock === undefined) return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
    const info = stock({ inputs, backend: tf.backend(), attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    return tf.engine().makeTensorFromTensorInfo(info);
  }

  it('keeps the stock Conv2DBackpropInput, which agrees with ours', async () => {
    expect(stockWasmKernelFunc(tf.Conv2DBackpropFilter)).toBeUndefined();
    const random = seededRandom(5);
    const dy = randomArray(2 * 6 * 6 * 4, random);
    const filter = randomArray(3 * 3 * 3 * 4, random);
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [2, 12, 12, 3] };
    const run = (useStock: boolean) => () => [
      runKernel(
        tf.Conv2DBackpropInput,
        { dy: tf.tensor4d(dy, [2, 6, 6, 4]), filter: tf.tensor4d(filter, [3, 3, 3, 4]) },
        attrs,
        useStock,
      ),
    ];
    const [stock] = await runOn('wasm', run(true));
    const [ours] = await runOn('wasm', run(false));
    expectClose(ours!, stock!, 'Conv2DBackpropInput vs stock');
  });

  it('replaces the stock MaxPoolGrad, which drops the gradient of windows whose maximum is negative', async () => {
    // NHWC [1, 2, 2, 2]: one 2x2 window per channel; channel 0 is 0.1, -0.2, 0.7, 0.3 and
    // channel 1 is all negative: -0.5, -0.9, -0.3, -0.6.
    const x = [0.1, -0.5, -0.2, -0.9, 0.7, -0.3, 0.3, -0.6];
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    const run = (useStock: boolean) => () => {
      const input = tf.tensor4d(x, [1, 2, 2, 2]);
      const inputs = { dy: tf.ones([1, 1, 1, 2]), input, output: tf.maxPool(input, 2, 2, 'valid') };
      return [runKernel(tf.MaxPoolGrad, inputs, attrs, useStock)];
    };
    const [stock] = await runOn('wasm', run(true));
    const [ours] = await runOn('wasm', run(false));
    expect(Array.from(ours!)).toEqual([0, 0, 0, 0, 1, 1, 0, 0]); // as the cpu backend: 0.7 and -0.3 take the gradient
    expect(Array.from(stock!)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]); // stock 4.22: channel 1 gets nothing
  });
});
