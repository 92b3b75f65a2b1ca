import { describe, expect, it } from 'vitest';
import { firstModel, modelIdFromQuery, pickerOptions } from '../../../src/lib/draw/model-choice';
import type { StoredModelInfo } from '../../../src/lib/store/model-store';

const stored: StoredModelInfo[] = [
  { id: 'upload-1', name: 'my keras net', source: 'uploaded', createdAt: 300, pixelScale: 'byte' },
  { id: 'trained-1', name: 'Lesson 4 run', source: 'trained', createdAt: 200, pixelScale: 'unit' },
  { id: 'trained-2', name: 'Lesson 4 again', source: 'trained', createdAt: 400, pixelScale: 'unit' },
];
const both = ['default', 'mnist-only'];

describe('pickerOptions', () => {
  it('lists the built-in models that are there, then stored models newest first, saying where each came from', () => {
    expect(pickerOptions(['default'], stored)).toEqual([
      { id: 'default', label: 'Shipped model (MNIST + pen writers 1–20)' },
      { id: 'trained-2', label: 'Lesson 4 again (you trained it)' },
      { id: 'upload-1', label: 'my keras net (uploaded)' },
      { id: 'trained-1', label: 'Lesson 4 run (you trained it)' },
    ]);
    expect(pickerOptions(both, []).map((option) => option.id)).toEqual(both);
  });
});

describe('modelIdFromQuery', () => {
  it('reads ?model=, and nothing from an empty or missing one', () => {
    expect(modelIdFromQuery('?model=mnist-only')).toBe('mnist-only');
    expect(modelIdFromQuery('?x=1&model=%20abc%20')).toBe('abc');
    expect(modelIdFromQuery('?model=')).toBeNull();
    expect(modelIdFromQuery('')).toBeNull();
  });
});

describe('firstModel', () => {
  it('uses the model the URL names when it is here, over the remembered one', () => {
    expect(firstModel('mnist-only', 'trained-1', both, stored)).toEqual({ id: 'mnist-only' });
    expect(firstModel('upload-1', null, both, stored)).toEqual({ id: 'upload-1' });
  });

  it('says so when the URL names a model that is not here, and chooses as usual', () => {
    expect(firstModel('nope', null, both, stored)).toEqual({ id: 'trained-2', notice: 'There is no model "nope" here.' });
    expect(firstModel('mnist-only', null, ['default'], [])).toEqual({ id: 'default', notice: 'There is no model "mnist-only" here.' });
  });

  it('otherwise: the remembered choice, else the newest trained model, else the shipped default', () => {
    expect(firstModel(null, 'upload-1', both, stored)).toEqual({ id: 'upload-1' });
    expect(firstModel(null, 'deleted-model', both, stored)).toEqual({ id: 'trained-2' });
    expect(firstModel(null, null, both, [])).toEqual({ id: 'default' });
  });

  it('does not pick a built-in model whose files are missing', () => {
    expect(firstModel(null, 'mnist-only', ['default'], [])).toEqual({ id: 'default' });
  });
});
