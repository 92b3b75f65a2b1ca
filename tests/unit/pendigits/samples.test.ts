import { describe, expect, it } from 'vitest';
import { decodePenSamples, encodePenSamples } from '../../../src/lib/pendigits/samples';
import { loadPenDigits } from './pendigits-file';

describe('pen samples written into a page', () => {
  it('come back as they went in', () => {
    const samples = loadPenDigits().slice(0, 10);
    expect(decodePenSamples(encodePenSamples(samples))).toEqual(samples);
  });

  it('keep ten samples to a few kilobytes', () => {
    expect(encodePenSamples(loadPenDigits().slice(0, 10)).length).toBeLessThan(20_000);
  });

  it('refuse damaged text', () => {
    expect(() => decodePenSamples('{}')).toThrow(/not a list/);
    expect(() => decodePenSamples('[{"label":"x"}]')).toThrow(/Pen sample 0 is damaged/);
  });
});
