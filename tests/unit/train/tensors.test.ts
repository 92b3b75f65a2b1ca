import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/lib/model/build';
import { DEFAULT_RECIPE } from '../../../src/lib/model/presets';
import { firstLayerRanges, leakTensors, sumWithTidy, trainingTensors } from '../../../src/lib/train/tensors';
import { cpuTf } from '../model/tf-cpu';
import { realMnist } from './real-mnist';

describe('lesson 2’s tensors', async () => {
  const tf = await cpuTf();
  const data = realMnist(64, 1);

  it('makes [count, 28, 28, 1] images in 0..1 and [count, 10] one-hot labels, and leaves nothing behind once disposed', async () => {
    const before = tf.memory().numTensors;
    const indices = Uint32Array.from([5, 0, 17]);
    const { images, labels } = await trainingTensors(tf, data, indices);
    expect(images.shape).toEqual([3, 28, 28, 1]);
    expect(labels.shape).toEqual([3, 10]);
    expect(tf.memory().numTensors).toBe(before + 2);
    const rows = (await labels.array()) as number[][];
    expect(rows.map((row) => row.indexOf(1))).toEqual([...indices].map((i) => data.label('train', i)));
    const pixels = await images.data();
    expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
    expect(pixels[0 * 784 + 300]).toBeCloseTo(data.image('train', 5)[300]! / 255, 6);
    images.dispose();
    labels.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes the same tensors a slice at a time, pausing between slices, with nothing left over', async () => {
    const indices = Uint32Array.from([9, 3, 40, 41, 2]);
    const whole = await trainingTensors(tf, data, indices);
    const before = tf.memory().numTensors;
    let pauses = 0;
    const sliced = await trainingTensors(tf, data, indices, { sliceImages: 2, pause: async () => void pauses++ });
    // Five images two at a time: three slices, a break between each pair of them.
    expect(pauses).toBe(2);
    expect(Array.from(await sliced.images.data())).toEqual(Array.from(await whole.images.data()));
    expect(await sliced.labels.array()).toEqual(await whole.labels.array());
    for (const tensor of [whole.images, whole.labels, sliced.images, sliced.labels]) tensor.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
    await expect(trainingTensors(tf, data, indices, { sliceImages: 0 })).rejects.toThrow(/sliceImages/);
  });

  it('shows the first layer’s outputs 255 times larger on unscaled bytes', async () => {
    const model = buildModel(tf, DEFAULT_RECIPE, { seed: 1 });
    const before = tf.memory().numTensors;
    const { pixels } = data.gather('train', Uint32Array.from({ length: 16 }, (_, i) => i));
    const ranges = await firstLayerRanges(tf, model, pixels, 16);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    // A convolution with zero initial biases, then ReLU: scaling the input scales the output.
    expect(ranges.scaled.max).toBeGreaterThan(0);
    expect(ranges.scaled.min).toBeGreaterThanOrEqual(0);
    expect(ranges.unscaled.max / ranges.scaled.max).toBeCloseTo(255, 1);
    expect(ranges.unscaled.rms / ranges.scaled.rms).toBeCloseTo(255, 1);
  });

  it('leaks 2 × count + 1 tensors on purpose, and tf.tidy leaks none', async () => {
    const before = tf.memory().numTensors;
    const leaked = leakTensors(tf, 10);
    expect(leaked).toHaveLength(21);
    expect(tf.memory().numTensors).toBe(before + 21);
    expect((await leaked.at(-1)!.data())[0]).toBe(10);
    for (const tensor of leaked) tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(await sumWithTidy(tf, 10)).toBe(10 * 28 * 28);
    expect(tf.memory().numTensors).toBe(before);
  });
});
