import { describe, expect, it } from 'vitest';
import { allFinite, DamagedWeightsError, loadOrder, loadProblem } from '../../../src/lib/draw/model-loading';

describe('what the pad does when a model will not load (issue 13)', () => {
  it('tries the wanted model, then the others the picker offers, in order', () => {
    expect(loadOrder('default', ['default', 'mnist-only', 'model-1'])).toEqual(['default', 'mnist-only', 'model-1']);
    expect(loadOrder('model-1', ['default', 'mnist-only', 'model-1'])).toEqual(['model-1', 'default', 'mnist-only']);
  });

  // The messages are what TF.js 4.22 throws, measured with tf.loadLayersModel over a failing fetch.
  it.each([
    [new TypeError('Failed to fetch'), /could not be downloaded/],
    [new Error('Request to /models/default/model.json failed with status code 404. Please verify this URL points to the model JSON of the model to load.'), /not on the site .*404/],
    [new Error('Request to /x failed with status code 503. Please verify'), /server answered 503/],
    [new Error('Failed to parse model JSON of response from /models/default/model.json. Please make sure the server is serving valid JSON for this request.'), /model\.json\) is damaged/],
    [new RangeError('byte length of Float32Array should be a multiple of 4'), /weights file is damaged or incomplete/],
    [new Error('Based on the provided shape, [5,5,1,24], the tensor should have 600 values but has 250'), /weights file is damaged or incomplete/],
  ])('%s', (error, sentence) => {
    const text = loadProblem(error);
    expect(text).toMatch(sentence);
    expect(text).not.toMatch(/Float32Array|tensor should|Please verify/);
    expect(text).toMatch(/[.]$/);
  });

  it('passes the site’s own sentences through, and keeps an unknown TF.js error short', () => {
    expect(loadProblem(new DamagedWeightsError('Its weights file is damaged.'))).toBe('Its weights file is damaged.');
    expect(loadProblem(new Error('there is no saved model "x" in this browser.'))).toBe('there is no saved model "x" in this browser.');
    expect(loadProblem(new Error(`Unknown backend kernel ${'x'.repeat(1000)}`)).length).toBeLessThan(220);
  });

  it('spots weights that compute no numbers', () => {
    expect(allFinite(new Float32Array([0.1, 0.9]))).toBe(true);
    expect(allFinite(new Float32Array([Number.NaN, 1]))).toBe(false);
  });
});
