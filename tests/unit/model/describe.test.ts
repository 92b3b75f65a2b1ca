import { describe, expect, it } from 'vitest';
import { describeLayer } from '../../../src/lib/model/describe';
import { BATCH_NORM_CNN, DEFAULT_RECIPE, WIDE_CNN } from '../../../src/lib/model/presets';

describe('describeLayer', () => {
  it('says each layer of the default recipe and the wide network in a few words', () => {
    expect(DEFAULT_RECIPE.layers.map(describeLayer)).toEqual([
      '12 filters, 5×5, valid padding, relu',
      '2×2, stride 2',
      '24 filters, 3×3, valid padding, relu',
      '2×2, stride 2',
      'image → list',
      '128 units, relu',
      '10 units, linear',
    ]);
    expect(WIDE_CNN.layers.map(describeLayer)).toEqual([
      '24 filters, 5×5, valid padding, relu',
      '2×2, stride 2',
      '32 filters, 3×3, valid padding, relu',
      '2×2, stride 2',
      'image → list',
      '256 units, relu',
      '10 units, linear',
    ]);
  });

  it('mentions what differs from the usual: no bias, strides, dropout', () => {
    expect(describeLayer(BATCH_NORM_CNN.layers[0]!)).toBe('16 filters, 3×3, same padding, linear, no bias');
    expect(describeLayer({ type: 'conv', filters: 4, kernelSize: 3, strides: 2 })).toBe('4 filters, 3×3, stride 2, valid padding, linear');
    expect(describeLayer({ type: 'dropout', rate: 0.25 })).toBe('drops 25%');
    expect(describeLayer({ type: 'batchNorm' })).toBe('momentum 0.9');
  });
});
