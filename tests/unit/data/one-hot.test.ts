import { describe, expect, it } from 'vitest';
import { imageTensorShape, oneHot } from '../../../src/lib/data/one-hot';
import { cpuTf } from '../model/tf-cpu';

describe('oneHot', () => {
  it('gives one row of ten per label, all 0 but a 1 in the label’s place', () => {
    const rows = oneHot([7, 0, 9]);
    expect(rows).toHaveLength(30);
    expect(Array.from(rows.subarray(0, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(Array.from(rows.subarray(10, 20))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(rows.subarray(20, 30))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    for (let row = 0; row < 3; row++) expect(rows.subarray(row * 10, row * 10 + 10).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('matches tf.oneHot, which the trainer uses', async () => {
    const tf = await cpuTf();
    const labels = Int32Array.from({ length: 50 }, (_, i) => (i * 7) % 10);
    const expected = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).dataSync());
    expect(Array.from(oneHot(labels))).toEqual(Array.from(expected));
  });

  it('refuses a label that is not a digit, naming it', () => {
    expect(() => oneHot([3, 10])).toThrow(/Label 1 is 10: expected a whole number from 0 to 9/);
    expect(() => oneHot([1.5])).toThrow(/Label 0 is 1.5/);
    expect(() => oneHot([2], 2)).toThrow(/from 0 to 1/);
  });

  it('makes nothing of no labels', () => {
    expect(oneHot([])).toHaveLength(0);
  });
});

describe('imageTensorShape', () => {
  it('puts the grey channel last', () => {
    expect(imageTensorShape(55_000, 28, 28)).toEqual([55_000, 28, 28, 1]);
  });
});
