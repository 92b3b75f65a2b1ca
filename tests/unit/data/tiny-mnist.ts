/**
 * A tiny MNIST look-alike for tests: real IDX bytes, real gzip, a real manifest — only
 * a few images, so tests run in milliseconds and need no network.
 */
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../../src/lib/data/idx';
import { buildManifest, type DataManifest } from '../../../src/lib/data/manifest';
import type { ImageSet } from '../../../src/lib/data/mnist';

export const TINY_COUNTS = { train: 30, test: 10 } as const;
export const TINY_SIDE = 28;

export interface TinyFile {
  name: string;
  split: 'train' | 'test';
  kind: 'images' | 'labels';
  raw: Uint8Array;
  compressed: Uint8Array;
}

/** Image i's pixels are (i + p) mod 256 and its label is i mod 10, so tests can predict both. */
export function tinyImageSet(count: number, rows = TINY_SIDE, cols = TINY_SIDE, labelOf = (i: number) => i % 10): ImageSet {
  const size = rows * cols;
  const pixels = new Uint8Array(count * size);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < size; p++) pixels[i * size + p] = (i + p) % 256;
  }
  const labels = Uint8Array.from({ length: count }, (_, i) => labelOf(i));
  return { count, rows, cols, pixels, labels };
}

/** The four files, named as in MNIST, with the train split offset so train and test differ. */
export function tinyMnistFiles(): TinyFile[] {
  const train = tinyImageSet(TINY_COUNTS.train);
  const test = tinyImageSet(TINY_COUNTS.test, TINY_SIDE, TINY_SIDE, (i) => (i * 3) % 10);
  const file = (name: string, split: TinyFile['split'], kind: TinyFile['kind'], raw: Uint8Array): TinyFile => ({
    name,
    split,
    kind,
    raw,
    // A plain Uint8Array, not a Buffer: Buffer#slice returns a view, which would let tests alias fixtures.
    compressed: new Uint8Array(gzipSync(raw, { level: 9 })),
  });
  return [
    file('train-images-idx3-ubyte', 'train', 'images', encodeIdx([train.count, TINY_SIDE, TINY_SIDE], train.pixels)),
    file('train-labels-idx1-ubyte', 'train', 'labels', encodeIdx([train.count], train.labels)),
    file('t10k-images-idx3-ubyte', 'test', 'images', encodeIdx([test.count, TINY_SIDE, TINY_SIDE], test.pixels)),
    file('t10k-labels-idx1-ubyte', 'test', 'labels', encodeIdx([test.count], test.labels)),
  ];
}

export function tinyManifest(files: TinyFile[] = tinyMnistFiles()): Promise<DataManifest> {
  return buildManifest('test:tiny-mnist', files);
}
