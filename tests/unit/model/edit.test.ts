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
      'Layer 1 (conv): filters must be a whole number from 1 to 512, but the box is empty or not a number',
    );
  });
});
