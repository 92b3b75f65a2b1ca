import { describe, expect, it } from 'vitest';
import { editableFields, inPlainWords, insertLayer, parseTypedNumber, removeLayer, setLayerField } from '../../../src/lib/model/edit';
import { TUTORIAL_CNN, WIDE_CNN } from '../../../src/lib/model/presets';
import { inferShapes } from '../../../src/lib/model/shapes';
import { validateModelConfig } from '../../../src/lib/model/validate';

describe('editing a model', () => {
  it('changes one number and the shape table follows', () => {
    const edited = setLayerField(WIDE_CNN, 5, 'units', 128);
    expect(edited.layers[5]).toEqual({ type: 'dense', units: 128, activation: 'relu' });
    expect(WIDE_CNN.layers[5]).toMatchObject({ units: 256 });
    // flatten gives 5×5×32 = 800 values: 800·128 + 128 parameters in that layer
    expect(inferShapes(edited).layers[5]!.parameters).toBe(800 * 128 + 128);
  });

  it('only offers the numbers a layer has, and refuses others', () => {
    expect(editableFields(TUTORIAL_CNN.layers[0]!).map((f) => f.field)).toEqual(['filters', 'kernelSize']);
    expect(editableFields(TUTORIAL_CNN.layers[4]!)).toEqual([]);
    expect(() => setLayerField(TUTORIAL_CNN, 1, 'filters', 3)).toThrow(/maxPool layers have no editable "filters"/);
    expect(() => setLayerField(TUTORIAL_CNN, 9, 'units', 3)).toThrow(/no layer 10/);
  });

  it('adds and removes layers', () => {
    const withConv = insertLayer(TUTORIAL_CNN, 4, 'conv');
    expect(withConv.layers.map((l) => l.type)).toEqual(['conv', 'maxPool', 'conv', 'maxPool', 'conv', 'flatten', 'dense']);
    expect(validateModelConfig(withConv)).toEqual([]);
    expect(inferShapes(withConv).layers[4]!.outputShape).toEqual([4, 4, 16]);
    const back = removeLayer(withConv, 4);
    expect(back).toEqual(TUTORIAL_CNN);
    expect(() => insertLayer(TUTORIAL_CNN, 7, 'relu')).toThrow(RangeError);
  });

  it('a removal can leave a model validation explains', () => {
    const noFlatten = removeLayer(TUTORIAL_CNN, 4);
    expect(validateModelConfig(noFlatten)[0]?.message).toMatch(/Layer 5 \(dense\).*put a flatten/);
  });

  it('reads an empty box as missing, not zero', () => {
    expect(parseTypedNumber('')).toBeNaN();
    expect(parseTypedNumber(' 12 ')).toBe(12);
    expect(parseTypedNumber('abc')).toBeNaN();
    const empty = setLayerField(TUTORIAL_CNN, 0, 'filters', parseTypedNumber(''));
    expect(inPlainWords(validateModelConfig(empty)[0]!.message)).toBe(
      'Layer 1 (conv): Filters must be a whole number from 1 to 512, but the box is empty or not a plain decimal number',
    );
  });

  it('refuses what is not a plain decimal instead of reading it as another number (issue 13)', () => {
    for (const text of ['0x10', '1e1', 'Infinity', '1_000', '0b11', '12abc', '1.2.3', '<b>3</b>', '٣']) expect(parseTypedNumber(text), text).toBeNaN();
    expect(parseTypedNumber('0.25')).toBe(0.25);
    expect(parseTypedNumber('.5')).toBe(0.5);
    expect(parseTypedNumber('-3')).toBe(-3);
    expect(parseTypedNumber('007')).toBe(7);
  });

  it('gives one problem per field: a bad kernel size does not also bring a strides complaint', () => {
    const conv = { type: 'conv', filters: 8, kernelSize: 0, strides: 1, padding: 'same', activation: 'relu' } as const;
    const config = { name: 'm', layers: [conv, { type: 'flatten' }, { type: 'dense', units: 10 }] } as const;
    expect(validateModelConfig(structuredClone(config) as never).map((problem) => problem.message)).toEqual([
      'Layer 1 (conv): Kernel size must be a whole number from 1 to 28, got 0',
    ]);
  });
});
