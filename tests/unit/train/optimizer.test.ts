import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createScheduledAdam } from '../../../src/lib/train/optimizer';

describe('createScheduledAdam', () => {
  it("uses TF's default betas unless given others, and its rate can be changed between steps", async () => {
    await tf.setBackend('cpu');
    const plain = createScheduledAdam(tf, 0.01);
    const fast = createScheduledAdam(tf, 0.01, [0.7, 0.9]);
    expect(plain.getConfig()).toMatchObject({ beta1: 0.9, beta2: 0.999, learningRate: 0.01 });
    expect(fast.getConfig()).toMatchObject({ beta1: 0.7, beta2: 0.9 });
    fast.setLearningRate(0.002);
    expect(fast.getConfig().learningRate).toBe(0.002);
    plain.dispose();
    fast.dispose();
  });
});
