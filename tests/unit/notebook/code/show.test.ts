import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../src/lib/model/build';
import { TUTORIAL_CNN } from '../../../../src/lib/model/presets';
import { batchOfImages, classifyForShow, SHOW_LIMITS } from '../../../../src/lib/notebook/code/show';
import { cpuTf } from '../../model/tf-cpu';
import * as tf from '@tensorflow/tfjs';

beforeAll(async () => {
  await cpuTf();
});

describe('classifyForShow', () => {
  it('shows numbers and strings as text, numbers rounded to four decimals', () => {
    expect(classifyForShow(0.123456)).toEqual({ kind: 'text', text: '0.1235' });
    expect(classifyForShow(42)).toEqual({ kind: 'text', text: '42' });
    expect(classifyForShow('hello')).toEqual({ kind: 'text', text: 'hello' });
    expect(classifyForShow(undefined)).toEqual({ kind: 'text', text: 'undefined' });
  });

  it('shows an array of objects as a table with a column per key', () => {
    expect(classifyForShow([{ digit: 0, ink: 0.5 }, { digit: 1, ink: 0.25, note: 'thin' }])).toEqual({
      kind: 'table',
      columns: ['digit', 'ink', 'note'],
      rows: [['0', '0.5', ''], ['1', '0.25', 'thin']],
      total: 2,
    });
  });

  it('shows an object as a table of names and values, and cuts long tables', () => {
    expect(classifyForShow({ a: 1, b: [1, 2] })).toEqual({ kind: 'table', columns: ['name', 'value'], rows: [['a', '1'], ['b', '[1, 2]']], total: 2 });
    const long = classifyForShow(Array.from({ length: 200 }, (_, i) => ({ i })));
    expect(long).toMatchObject({ kind: 'table', total: 200 });
    expect(long.kind === 'table' && long.rows).toHaveLength(SHOW_LIMITS.tableRows);
  });

  it('shows a 28×28 nested array, a 784-byte image and a [28, 28] tensor as an image scaled to 0..1', () => {
    const nested = Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => (r === c ? 255 : 0)));
    const fromNested = classifyForShow(nested);
    expect(fromNested).toMatchObject({ kind: 'image', width: 28, height: 28 });
    expect(fromNested.kind === 'image' && fromNested.pixels[29]).toBe(1);
    const bytes = new Uint8Array(784).fill(51);
    const fromBytes = classifyForShow(bytes);
    expect(fromBytes.kind === 'image' && fromBytes.pixels[0]).toBeCloseTo(0.2);
    const tensor = tf.ones([28, 28]);
    expect(classifyForShow(tensor)).toMatchObject({ kind: 'image' });
    tensor.dispose();
  });

  it('shows a batch of images as a strip, counting those it leaves out', () => {
    const batch = tf.zeros([40, 28, 28, 1]);
    const shown = classifyForShow(batch);
    expect(shown).toMatchObject({ kind: 'strip', total: 40 });
    expect(shown.kind === 'strip' && shown.images).toHaveLength(SHOW_LIMITS.stripImages);
    batch.dispose();
    expect(classifyForShow(new Float32Array(784 * 3))).toMatchObject({ kind: 'strip', total: 3 });
    expect(batchOfImages([5, 784])).toBe(5);
    expect(batchOfImages([28, 28, 1])).toBe(0);
    expect(batchOfImages([10])).toBeNull();
  });

  it('shows another tensor as its shape, dtype and first values', () => {
    const tensor = tf.range(0, 20).reshape([4, 5]);
    expect(classifyForShow(tensor)).toEqual({ kind: 'tensor', shape: [4, 5], dtype: 'float32', size: 20, preview: '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (8 more)]' });
    tensor.dispose();
    expect(classifyForShow(tensor)).toMatchObject({ kind: 'text', text: expect.stringContaining('disposed') });
  });

  it('shows a tf.LayersModel as its summary: layers, output shapes and parameters', () => {
    const model = buildModel(tf, TUTORIAL_CNN, { seed: 1 });
    const shown = classifyForShow(model);
    expect(shown).toMatchObject({ kind: 'model', parameters: model.countParams() });
    if (shown.kind !== 'model') return;
    expect(shown.rows.map((row) => row.name)).toEqual(model.layers.map((layer) => layer.name));
    expect(shown.rows[0]).toEqual({ name: 'conv1', type: 'Conv2D', outputShape: '[batch, 24, 24, 8]', parameters: 208 });
    model.dispose();
  });

  it('passes an element (a Plot figure) through, and recognises a tfjs-vis chart spec', () => {
    const element = { nodeType: 1, tagName: 'FIGURE' };
    expect(classifyForShow(element)).toEqual({ kind: 'element', element });
    const data = { values: [{ x: 1, y: 2 }] };
    expect(classifyForShow({ chart: 'linechart', data, options: { xLabel: 'step' } })).toEqual({ kind: 'vis', chart: 'linechart', data, options: { xLabel: 'step' } });
    expect(classifyForShow({ chart: 'piechart', data })).toMatchObject({ kind: 'table' });
  });
});
