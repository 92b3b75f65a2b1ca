import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxError } from '../../../src/lib/data/idx';
import { imageSetFromIdx, MnistData } from '../../../src/lib/data/mnist';
import { tinyImageSet } from './tiny-mnist';

// 2×2 images keep the numbers readable: image i's pixels are i, i+1, i+2, i+3.
const SIDE = 2;
// Uneven classes (digit d appears 5 + d times) so balancedSample has something to balance.
const unevenLabels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((digit) => new Array<number>(5 + digit).fill(digit));
const train = tinyImageSet(unevenLabels.length, SIDE, SIDE, (i) => unevenLabels[i]!);
const test = tinyImageSet(20, SIDE, SIDE);
const data = new MnistData(train, test);
const all = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('MnistData basics', () => {
  it('returns an image as a view of its pixels', () => {
    const image = data.image('test', 3);
    expect([...image]).toEqual([3, 4, 5, 6]);
    expect(image.buffer).toBe(test.pixels.buffer);
    expect(data.set('test')).toBe(test);
  });

  it('returns labels', () => {
    expect(data.label('test', 13)).toBe(3);
    expect(data.label('train', 0)).toBe(0);
    expect(data.label('train', train.count - 1)).toBe(9);
  });

  it('rejects indices outside the set', () => {
    expect(() => data.image('test', 20)).toThrow(RangeError);
    expect(() => data.image('test', -1)).toThrow(/outside the test set \(0 to 19\)/);
    expect(() => data.label('train', 1.5)).toThrow(RangeError);
  });

  it('rejects sets whose sizes do not add up', () => {
    expect(() => new MnistData({ ...train, count: train.count + 1 }, test)).toThrow(/claims/);
    expect(() => new MnistData(train, tinyImageSet(4, 3, 3))).toThrow(/2×2 but test images are 3×3/);
  });
});

describe('splitTrainValidation', () => {
  const count = train.count;

  it('splits into disjoint sorted parts that cover the training set', () => {
    const split = data.splitTrainValidation({ validationSize: 20, seed: 1 });
    expect(split.validation.length).toBe(20);
    expect(split.train.length).toBe(count - 20);
    expect([...split.train, ...split.validation].sort((a, b) => a - b)).toEqual(all(count));
    expect([...split.train]).toEqual([...split.train].sort((a, b) => a - b));
  });

  it('accepts a fraction', () => {
    expect(data.splitTrainValidation({ validationSize: 0.1, seed: 1 }).validation.length).toBe(Math.round(0.1 * count));
  });

  it('is the same for a seed and different for another', () => {
    const first = data.splitTrainValidation({ validationSize: 20, seed: 5 });
    expect(data.splitTrainValidation({ validationSize: 20, seed: 5 })).toEqual(first);
    expect(data.splitTrainValidation({ validationSize: 20, seed: 6 }).validation).not.toEqual(first.validation);
  });

  it('refuses sizes that leave no training data or make no sense', () => {
    expect(() => data.splitTrainValidation({ validationSize: count, seed: 1 })).toThrow(/leaves no training images/);
    expect(() => data.splitTrainValidation({ validationSize: -3, seed: 1 })).toThrow(RangeError);
    expect(() => data.splitTrainValidation({ validationSize: 2.5, seed: 1 })).toThrow(/a count .* or a fraction/);
  });
});

describe('batches', () => {
  const indices = Uint32Array.from(all(70), (i) => i + 100);

  it('cuts one shuffled pass into batches, the last one smaller', () => {
    const batches = [...data.batches(indices, 32, 1)];
    expect(batches.map((batch) => batch.length)).toEqual([32, 32, 6]);
    const seen = batches.flatMap((batch) => [...batch]);
    expect(seen.sort((a, b) => a - b)).toEqual([...indices]);
  });

  it('is the same for a seed, differs for another, and leaves the input alone', () => {
    const pass = (seed: number) => [...data.batches(indices, 10, seed)].flatMap((batch) => [...batch]);
    expect(pass(3)).toEqual(pass(3));
    expect(pass(3)).not.toEqual(pass(4));
    expect(pass(3)).not.toEqual([...indices]);
    expect(indices[0]).toBe(100);
  });

  it('refuses a batch size that is not a positive whole number, right away', () => {
    expect(() => data.batches(indices, 0, 1)).toThrow(/batchSize must be a whole number above 0, got 0/);
    expect(() => data.batches(indices, 2.5, 1)).toThrow(RangeError);
  });
});

describe('gather, indicesOfClass, balancedSample', () => {
  it('gathers images and labels in the order asked', () => {
    const { pixels, labels } = data.gather('test', [5, 0]);
    expect([...pixels]).toEqual([5, 6, 7, 8, 0, 1, 2, 3]);
    expect([...labels]).toEqual([5, 0]);
    expect(() => data.gather('test', [0, 99])).toThrow(RangeError);
  });

  it('finds every index of a digit', () => {
    expect([...data.indicesOfClass('test', 4)]).toEqual([4, 14]);
    expect(data.indicesOfClass('train', 9).length).toBe(14);
    expect(() => data.indicesOfClass('train', 10)).toThrow(/digit must be 0 to 9, got 10/);
  });

  it('takes exactly perClass of each digit, grouped 0..9', () => {
    const sample = data.balancedSample('train', 4, 1);
    const labels = [...sample].map((index) => data.label('train', index));
    expect(labels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((digit) => [digit, digit, digit, digit]));
    expect(new Set(sample).size).toBe(40);
  });

  it('is the same for a seed and different for another', () => {
    expect(data.balancedSample('train', 3, 8)).toEqual(data.balancedSample('train', 3, 8));
    expect(data.balancedSample('train', 3, 8)).not.toEqual(data.balancedSample('train', 3, 9));
  });

  it('refuses more per class than the rarest digit has', () => {
    expect(() => data.balancedSample('train', 6, 1)).toThrow(/rarest digit has in train \(5\)/);
    expect(() => data.balancedSample('train', 0, 1)).toThrow(RangeError);
  });
});

describe('imageSetFromIdx', () => {
  it('builds a set from IDX bytes', () => {
    const set = imageSetFromIdx(encodeIdx([2, 1, 2], Uint8Array.from([1, 2, 3, 4])), encodeIdx([2], Uint8Array.from([7, 3])));
    expect(set).toEqual({ count: 2, rows: 1, cols: 2, pixels: Uint8Array.from([1, 2, 3, 4]), labels: Uint8Array.from([7, 3]) });
  });

  it('refuses labels that do not match the images in number', () => {
    const images = encodeIdx([2, 1, 2], new Uint8Array(4));
    expect(() => imageSetFromIdx(images, encodeIdx([3], new Uint8Array(3)))).toThrow(IdxError);
    expect(() => imageSetFromIdx(images, encodeIdx([3], new Uint8Array(3)))).toThrow(/2 images but .* 3 labels/);
  });
});
