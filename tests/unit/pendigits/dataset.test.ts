import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../../src/lib/data/mnist';
import {
  concatImageSets,
  isHeldOutWriter,
  isTrainingWriter,
  penImageSet,
  splitByWriter,
  writersOf,
} from '../../../src/lib/pendigits/dataset';
import { loadPenDigits } from './pendigits-file';

const PIXELS = 28 * 28;

/** A few real samples: the first two of writers 1, 20, 21 and 30. */
function someRealSamples() {
  const all = loadPenDigits();
  return [1, 20, 21, 30].flatMap((writer) => all.filter((digit) => digit.writer === writer).slice(0, 2));
}

function inkOf(set: ImageSet, index: number): number {
  return set.pixels.subarray(index * PIXELS, (index + 1) * PIXELS).reduce((sum, value) => sum + value, 0);
}

describe('penImageSet', () => {
  it('renders the chosen writers’ samples as 28×28 bytes with their labels, in file order', () => {
    const samples = someRealSamples();
    const set = penImageSet(samples, { writers: isTrainingWriter });
    const chosen = samples.filter((sample) => sample.writer <= 20);
    expect(set).toMatchObject({ count: 4, rows: 28, cols: 28 });
    expect(set.pixels).toHaveLength(4 * PIXELS);
    expect(Array.from(set.labels)).toEqual(chosen.map((sample) => sample.label));
    for (let i = 0; i < set.count; i++) {
      expect(inkOf(set, i)).toBeGreaterThan(20 * 255);
      expect(Math.max(...set.pixels.subarray(i * PIXELS, (i + 1) * PIXELS))).toBeGreaterThan(200);
    }
  });

  it('keeps only the held-out writers when asked', () => {
    const samples = someRealSamples();
    const set = penImageSet(samples, { writers: isHeldOutWriter });
    expect(set.count).toBe(4);
    expect(Array.from(set.labels)).toEqual(samples.filter((sample) => sample.writer > 20).map((sample) => sample.label));
  });

  it('gives an empty set when no writer matches', () => {
    expect(penImageSet(someRealSamples(), { writers: () => false })).toMatchObject({ count: 0, rows: 28, cols: 28 });
  });
});

describe('splitByWriter', () => {
  it('puts writers 1–20 in train and 21–30 in held out, with no writer in both', () => {
    const { train, heldOut } = splitByWriter(loadPenDigits());
    expect(writersOf(train)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(writersOf(heldOut)).toEqual(Array.from({ length: 10 }, (_, i) => i + 21));
    expect(train.length + heldOut.length).toBe(7494);
    expect(train.length).toBe(4996);
  });
});

describe('concatImageSets', () => {
  const tiny = (labels: number[]): ImageSet => ({
    count: labels.length,
    rows: 28,
    cols: 28,
    pixels: Uint8Array.from({ length: labels.length * PIXELS }, (_, i) => labels[Math.floor(i / PIXELS)]!),
    labels: Uint8Array.from(labels),
  });

  it('joins the sets, repeating each as often as asked', () => {
    const joined = concatImageSets([{ set: tiny([1, 2]) }, { set: tiny([7]), repeats: 3 }]);
    expect(joined.count).toBe(5);
    expect(Array.from(joined.labels)).toEqual([1, 2, 7, 7, 7]);
    expect(joined.pixels[4 * PIXELS + 5]).toBe(7);
    expect(joined.pixels[PIXELS - 1]).toBe(1);
  });

  it('refuses images of another size', () => {
    expect(() => concatImageSets([{ set: tiny([1]) }, { set: { ...tiny([2]), rows: 14, cols: 14 } }])).toThrow(RangeError);
  });
});
