import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../../src/lib/data/idx';
import { toMnistInput } from '../../../src/lib/preprocess/mnist-input';
import { crc32, decodeGreyPng, encodeGreyPng } from '../../../src/lib/samples/png';
import { pixelsToBytes, type DigitSample } from '../../../src/lib/samples/sample';
import {
  samplesFromIdx,
  samplesFromSprite,
  samplesFromStrokesJson,
  samplesToIdx,
  samplesToSprite,
  samplesToStrokesJson,
} from '../../../src/lib/samples/sample-files';

const render = (strokes: DigitSample['strokes']) => pixelsToBytes(toMnistInput(strokes).pixels);

function drawnSample(digit: number, i: number): DigitSample {
  const strokes = [[{ x: 10 + i, y: 10 }, { x: 20, y: 40 + digit }, { x: 30, y: 12 }]];
  return { id: `s${i}`, digit, strokes, pixels: render(strokes), createdAt: 1000 + i, source: 'drawn' };
}

const samples = Array.from({ length: 23 }, (_, i) => drawnSample(i % 10, i));

describe('samples as IDX files', () => {
  it('round-trips byte for byte, in the MNIST layout', () => {
    const { images, labels } = samplesToIdx(samples);
    expect(images.length).toBe(16 + 23 * 784);
    expect([...images.subarray(0, 4)]).toEqual([0, 0, 8, 3]);
    const back = samplesFromIdx(images, labels, 5000);
    expect(back.map((s) => s.digit)).toEqual(samples.map((s) => s.digit));
    back.forEach((s, i) => expect(s.pixels).toEqual(samples[i]!.pixels));
    const again = samplesToIdx(back);
    expect(again.images).toEqual(images);
    expect(again.labels).toEqual(labels);
    expect(back[0]).toMatchObject({ source: 'imported', strokes: [] });
  });

  it('says what is wrong with a file that is not IDX, of the wrong size, or does not match its labels', () => {
    const { images, labels } = samplesToIdx(samples);
    expect(() => samplesFromIdx(new TextEncoder().encode('hello world!'), labels)).toThrow(/images file is not an IDX image file: not an IDX file/);
    expect(() => samplesFromIdx(images, images)).toThrow(/labels file is not an IDX label file/);
    expect(() => samplesFromIdx(images, encodeIdx([22], new Uint8Array(22)))).toThrow('The images file holds 23 digits and the labels file 22: they do not belong together.');
    expect(() => samplesFromIdx(encodeIdx([1, 32, 32], new Uint8Array(1024)), encodeIdx([1], new Uint8Array(1)))).toThrow(/32×32 pixels/);
    expect(() => samplesFromIdx(encodeIdx([0, 28, 28], new Uint8Array(0)), encodeIdx([0], new Uint8Array(0)))).toThrow(/no digits/);
  });
});

describe('samples as a PNG sprite', () => {
  it('round-trips the pixels and labels exactly', async () => {
    const { png, labels } = await samplesToSprite(samples);
    const image = await decodeGreyPng(png);
    expect([image.width, image.height]).toEqual([280, 3 * 28]);
    const back = await samplesFromSprite(png, labels);
    expect(back.map((s) => s.digit)).toEqual(samples.map((s) => s.digit));
    back.forEach((s, i) => expect(s.pixels).toEqual(samples[i]!.pixels));
  });

  it('reads an RGBA PNG with row filters, as an image editor would save it', async () => {
    // 2×2 RGBA, rows filtered Sub and Up, made by hand with Node's zlib.
    const rows = Uint8Array.from([1, 10, 10, 10, 255, 5, 5, 5, 0, 2, 0, 0, 0, 0, 200, 200, 200, 0]);
    const header = new Uint8Array(13);
    new DataView(header.buffer).setUint32(0, 2);
    new DataView(header.buffer).setUint32(4, 2);
    header.set([8, 6, 0, 0, 0], 8);
    const chunk = (type: string, body: Uint8Array) => {
      const out = new Uint8Array(12 + body.length);
      new DataView(out.buffer).setUint32(0, body.length);
      out.set(new TextEncoder().encode(type), 4);
      out.set(body, 8);
      new DataView(out.buffer).setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
      return out;
    };
    const file = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array())]);
    const image = await decodeGreyPng(new Uint8Array(file));
    // Row 0: (10,10,10,255) then Sub adds it to (5,5,5,0) → (15,15,15,255). Row 1: Up adds row 0.
    // Row 1 pixel 1: (200,200,200,0) + the pixel above (15,15,15,255) = (215,215,215,255).
    expect([...image.pixels]).toEqual([10, 15, 10, 215]);
  });

  it('refuses a PNG and labels that do not belong together, and files that are not what they say', async () => {
    const { png, labels } = await samplesToSprite(samples);
    const moreLabels = JSON.stringify({ ...JSON.parse(labels), count: 40, labels: new Array(40).fill(1) });
    await expect(samplesFromSprite(png, moreLabels)).rejects.toThrow(/do not belong together/);
    await expect(samplesFromSprite(new TextEncoder().encode('GIF89a'), labels)).rejects.toThrow('This is not a PNG file.');
    await expect(samplesFromSprite(png, '{"format":"other"}')).rejects.toThrow(/not a Digit Lab sprite labels file/);
    await expect(samplesFromSprite(png, 'not json')).rejects.toThrow('The labels file is not JSON.');
    const badDigit = JSON.stringify({ ...JSON.parse(labels), labels: [...samples.map((s) => s.digit).slice(0, 22), 12] });
    await expect(samplesFromSprite(png, badDigit)).rejects.toThrow(/one digit \(0–9\) per image/);
  });

  it('refuses a damaged PNG with a sentence', async () => {
    const { png, labels } = await samplesToSprite(samples);
    const damaged = png.slice();
    damaged.fill(7, 60, 120); // inside the compressed pixels
    await expect(samplesFromSprite(damaged, labels)).rejects.toThrow(/damaged/);
  });
});

describe('samples as strokes', () => {
  it('round-trips strokes and digits, and draws the same pixels again', () => {
    const text = samplesToStrokesJson(samples);
    const back = samplesFromStrokesJson(text, render);
    expect(back.map((s) => [s.digit, s.strokes, s.createdAt])).toEqual(samples.map((s) => [s.digit, s.strokes, s.createdAt]));
    back.forEach((s, i) => expect(s.pixels).toEqual(samples[i]!.pixels));
  });

  it('leaves out imported samples (no strokes) and refuses broken entries with the sample named', () => {
    const imported: DigitSample = { ...samples[0]!, strokes: [], source: 'imported' };
    expect(JSON.parse(samplesToStrokesJson([imported, samples[1]!])).samples).toHaveLength(1);
    const broken = JSON.stringify({ format: 'digit-lab-samples-strokes', version: 1, samples: [{ digit: 3, strokes: [[{ x: 1, y: 2 }]] }, { digit: 3, strokes: [[{ x: 'a', y: 2 }]] }] });
    expect(() => samplesFromStrokesJson(broken, render)).toThrow('Sample 2 in the strokes file has no strokes (lists of points with finite x and y).');
    expect(() => samplesFromStrokesJson('{"format":"digit-lab-samples-strokes","samples":[{"digit":11,"strokes":[]}]}', render)).toThrow(/Sample 1 .* no digit/);
    expect(() => samplesFromStrokesJson('[]', render)).toThrow(/not a Digit Lab strokes file/);
  });
});

describe('PNG writing', () => {
  it('writes a greyscale PNG that reads back exactly', async () => {
    const pixels = Uint8Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 256);
    const png = await encodeGreyPng({ width: 7, height: 5, pixels });
    expect((await decodeGreyPng(png)).pixels).toEqual(pixels);
  });
});
