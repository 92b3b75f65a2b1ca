import { describe, expect, it } from 'vitest';
import { toMnistInput } from '../../../src/lib/preprocess/mnist-input';
import { pixelsToBytes, type DigitSample } from '../../../src/lib/samples/sample';
import { SampleFileError, samplesToIdx, samplesToSprite, samplesToStrokesJson } from '../../../src/lib/samples/sample-files';
import { importSampleFiles } from '../../../src/lib/samples/sample-import';

const render = (strokes: DigitSample['strokes']) => pixelsToBytes(toMnistInput(strokes).pixels);
const samples: DigitSample[] = Array.from({ length: 12 }, (_, i) => {
  const strokes = [[{ x: 10 + i, y: 10 }, { x: 20, y: 40 + (i % 10) }, { x: 30, y: 12 }]];
  return { id: `s${i}`, digit: i % 10, strokes, pixels: render(strokes), createdAt: 1000 + i, source: 'drawn' };
});
const encode = (text: string) => new TextEncoder().encode(text);

describe('importSampleFiles', () => {
  it('reads back each export, whatever the files are called and in whatever order they are chosen', async () => {
    const idx = samplesToIdx(samples);
    const fromIdx = await importSampleFiles([{ name: 'b', bytes: idx.labels }, { name: 'a', bytes: idx.images }], render);
    expect(fromIdx.map((s) => s.digit)).toEqual(samples.map((s) => s.digit));
    fromIdx.forEach((s, i) => expect(s.pixels).toEqual(samples[i]!.pixels));
    // and written out again, byte for byte
    const again = samplesToIdx(fromIdx);
    expect(again.images).toEqual(idx.images);
    expect(again.labels).toEqual(idx.labels);

    const sprite = await samplesToSprite(samples);
    const fromSprite = await importSampleFiles([{ name: 'digits-labels.json', bytes: encode(sprite.labels) }, { name: 'digits.png', bytes: sprite.png }], render);
    expect(fromSprite.map((s) => [s.digit, Array.from(s.pixels)])).toEqual(samples.map((s) => [s.digit, Array.from(s.pixels)]));

    const fromStrokes = await importSampleFiles([{ name: 'strokes.json', bytes: encode(samplesToStrokesJson(samples)) }], render);
    expect(fromStrokes.map((s) => [s.digit, s.strokes])).toEqual(samples.map((s) => [s.digit, s.strokes]));
  });

  it('refuses, with a sentence, files that are not IDX, IDX files that do not belong together, and half a sprite', async () => {
    const idx = samplesToIdx(samples);
    const fewer = samplesToIdx(samples.slice(0, 5));
    await expect(importSampleFiles([{ name: 'notes.txt', bytes: encode('hello') }], render)).rejects.toThrow(/“notes.txt” is not an IDX file, a PNG or a JSON file/);
    await expect(importSampleFiles([{ name: 'i', bytes: idx.images }, { name: 'l', bytes: fewer.labels }], render)).rejects.toThrow(/images file holds 12 digits and the labels file 5/);
    await expect(importSampleFiles([{ name: 'i', bytes: idx.images }], render)).rejects.toThrow(/two files chosen together/);
    await expect(importSampleFiles([{ name: 'x.png', bytes: (await samplesToSprite(samples)).png }], render)).rejects.toThrow(SampleFileError);
    await expect(importSampleFiles([], render)).rejects.toThrow(/Choose the files/);
  });
});
