import { describe, expect, it } from 'vitest';
import { PendingMetrics } from '../../../src/lib/train/pending-metrics';
import { cpuTf } from '../model/tf-cpu';

const tf = await cpuTf();

describe('PendingMetrics', () => {
  it('reads the steps since the last reading at once: each loss, their mean, the accuracy', async () => {
    const pending = new PendingMetrics();
    pending.add(4, tf.scalar(2), tf.scalar(3, 'int32'), 8);
    pending.add(5, tf.scalar(1), tf.scalar(5, 'int32'), 8);
    expect(pending.size).toBe(2);
    const reading = await pending.read(tf);
    expect(reading).toMatchObject({ firstStep: 4, lastStep: 5, losses: Float32Array.from([2, 1]), meanLoss: 1.5, accuracy: 0.5 });
    expect(reading.imagesPerSecond).toBeGreaterThan(0);
    expect(pending.size).toBe(0);
  });

  it('disposes the scalars it was given, read or cleared', async () => {
    const before = tf.memory().numTensors;
    const pending = new PendingMetrics();
    pending.add(1, tf.scalar(NaN), tf.scalar(0, 'int32'), 4);
    expect((await pending.read(tf)).losses[0]).toBeNaN();
    pending.add(2, tf.scalar(1), tf.scalar(1, 'int32'), 4);
    pending.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to read nothing', async () => {
    await expect(new PendingMetrics().read(tf)).rejects.toThrow(/no steps since the last reading/);
  });
});
