import { describe, expect, it } from 'vitest';
import { scoreImages, ScoringCancelled } from '../../../src/lib/eval/score';
import { buildModel } from '../../../src/lib/model/build';
import { inspectDigitModel } from '../../../src/lib/model/digit-model';
import { DEFAULT_RECIPE } from '../../../src/lib/model/presets';
import { cpuTf } from '../model/tf-cpu';

function images(count: number) {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return { count, pixels, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

describe('scoreImages', () => {
  it('gives ten probabilities per image in batches, the same as one batch, with progress, and frees its tensors', async () => {
    const tf = await cpuTf();
    const model = buildModel(tf, DEFAULT_RECIPE, { seed: 3 });
    const spec = inspectDigitModel(model);
    const set = images(7);
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const batched = await scoreImages(tf, model, spec, 'unit', set, { batchSize: 3, onProgress: (done) => progress.push(done) });
    const whole = await scoreImages(tf, model, spec, 'unit', set, { batchSize: 100 });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toEqual([3, 6, 7]);
    expect(batched.probabilities).toHaveLength(70);
    for (let i = 0; i < 7; i++) {
      const row = batched.probabilities.subarray(i * 10, i * 10 + 10);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    batched.probabilities.forEach((p, i) => expect(p).toBeCloseTo(whole.probabilities[i]!, 5));
    expect([...batched.labels]).toEqual([...set.labels]);
    model.dispose();
  });

  it('stops between batches when told to', async () => {
    const tf = await cpuTf();
    const model = buildModel(tf, DEFAULT_RECIPE, { seed: 3 });
    let batches = 0;
    const scoring = scoreImages(tf, model, inspectDigitModel(model), 'unit', images(9), {
      batchSize: 3,
      onProgress: () => batches++,
      shouldStop: () => batches >= 1,
    });
    await expect(scoring).rejects.toBeInstanceOf(ScoringCancelled);
    expect(batches).toBe(1);
    model.dispose();
  });
});
