/**
 * `npx tsx scripts/bench-kernels.ts`: training speed of the TF.js tutorial CNN
 * (conv 8@5x5 relu, pool 2, conv 16@5x5 relu, pool 2, dense 10 softmax; batch
 * 128, Adam, random 28x28x1 data) on the 'wasm' backend in Node, with the stock
 * kernels and with ours, plus where the time of one step goes (tf.profile).
 * Figures depend on the machine; tests never assert them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { useGradientLoops } from '../src/lib/kernels/gradient-kernels';
import {
  registerWasmTrainingKernels,
  registerWasmTrainingKernelsWithSimd,
  stockWasmKernelFunc,
  unregisterWasmTrainingKernels,
  useJsTrainingKernelLoops,
} from '../src/lib/kernels/register';
import { instantiateSimdGradientLoops } from '../src/lib/kernels/simd-gradient-loops';
import { loadTrainingKernelsWasm } from '../src/lib/kernels/wasm-bytes-node';

const BATCH = 128;
const WARMUP_STEPS = 3;
const MEASURE_SECONDS = 6;
const PROFILE_ROWS = 8;

interface Variant {
  name: string;
  install(): void | Promise<void>;
}

const wasmBytes = await loadTrainingKernelsWasm();

const variants: Variant[] = [
  { name: 'stock wasm', install: unregisterWasmTrainingKernels },
  {
    name: 'our Conv2DBackpropFilter (JS), stock Conv2DBackpropInput + MaxPoolGrad',
    install() {
      registerWasmTrainingKernels();
      useJsTrainingKernelLoops();
      for (const name of [tf.Conv2DBackpropInput, tf.MaxPoolGrad]) {
        const stock = stockWasmKernelFunc(name);
        if (stock === undefined) continue;
        tf.unregisterKernel(name, 'wasm');
        tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: stock });
      }
    },
  },
  {
    name: 'our kernels, JS loops (Conv2DBackpropInput stays stock: faster than our JS)',
    install() {
      unregisterWasmTrainingKernels();
      registerWasmTrainingKernels();
      useJsTrainingKernelLoops();
    },
  },
  {
    name: 'all our kernels, SIMD on a private memory (copies)',
    async install() {
      useGradientLoops((await instantiateSimdGradientLoops(wasmBytes, undefined)).loops);
    },
  },
  {
    name: 'all our kernels, SIMD in place on the backend heap',
    async install() {
      const { loops, reason } = await registerWasmTrainingKernelsWithSimd(wasmBytes);
      if (loops !== 'in-place') throw new Error(`SIMD kernels run as ${loops}: ${reason ?? ''}`);
    },
  },
];

function tutorialCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return model;
}

function randomBatch(): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.randomUniform([BATCH], 0, 10, 'int32', 2);
  const y = tf.oneHot(labels as tf.Tensor1D, 10).toFloat() as tf.Tensor2D;
  labels.dispose();
  return { x, y };
}

/**
 * Images per second from the median step time: other processes on this shared
 * machine slow some steps down, and the median ignores those.
 */
async function imagesPerSecond(model: tf.Sequential, x: tf.Tensor4D, y: tf.Tensor2D): Promise<number> {
  for (let step = 0; step < WARMUP_STEPS; step++) await model.trainOnBatch(x, y);
  const stepMs: number[] = [];
  const start = performance.now();
  while (performance.now() - start < MEASURE_SECONDS * 1000) {
    const stepStart = performance.now();
    await model.trainOnBatch(x, y); // returns the loss as a number, so the step has finished
    stepMs.push(performance.now() - stepStart);
  }
  stepMs.sort((a, b) => a - b);
  return BATCH / (stepMs[Math.floor(stepMs.length / 2)]! / 1000);
}

async function profileOneStep(model: tf.Sequential, x: tf.Tensor4D, y: tf.Tensor2D): Promise<string[]> {
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  const msByKernel = new Map<string, number>();
  for (const kernel of info.kernels) {
    msByKernel.set(kernel.name, (msByKernel.get(kernel.name) ?? 0) + Number(kernel.kernelTimeMs));
  }
  const rows = [...msByKernel].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  return [
    ...rows.slice(0, PROFILE_ROWS).map(([name, ms]) => `    ${name.padEnd(28)} ${ms.toFixed(1).padStart(7)} ms`),
    `    ${'(all kernels)'.padEnd(28)} ${total.toFixed(1).padStart(7)} ms`,
  ];
}

async function main(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start');
  registerWasmTrainingKernels(); // remembers the stock kernels before the first variant restores them
  console.log(`TF.js ${tf.version.tfjs}, wasm SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, Node ${process.version}`);
  console.log(`tutorial CNN, batch ${BATCH}, Adam; median step of ${MEASURE_SECONDS} s per variant after ${WARMUP_STEPS} warm-up steps\n`);
  const { x, y } = randomBatch();
  for (const variant of variants) {
    await variant.install();
    const model = tutorialCnn();
    try {
      const speed = await imagesPerSecond(model, x, y);
      console.log(`${variant.name}: ${speed.toFixed(0)} img/s (median step ${((BATCH / speed) * 1000).toFixed(1)} ms)`);
      console.log('  one step, tf.profile:');
      console.log((await profileOneStep(model, x, y)).join('\n'));
    } catch (error) {
      console.log(`${variant.name}: cannot train: ${error instanceof Error ? error.message : String(error)}`);
    }
    model.dispose();
    console.log('');
  }
}

await main();
