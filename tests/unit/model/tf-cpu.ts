/**
 * TF.js on its plain 'cpu' backend: the reference every other backend is compared with, and
 * the one that needs nothing beyond the package (the wasm gradient kernels are not ready).
 */
import * as tf from '@tensorflow/tfjs';

export async function cpuTf(): Promise<typeof tf> {
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}
