import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createScheduledAdam, createScheduledOptimizer, optimizerConfig } from '../../../src/lib/train/optimizer';

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

describe('optimizerConfig and createScheduledOptimizer', () => {
  it('describes each optimizer: SGD its rate, momentum 0.9, Adam its betas', () => {
    expect(optimizerConfig('sgd', 0.1)).toEqual({ name: 'sgd', learningRate: 0.1 });
    expect(optimizerConfig('momentum', 0.05)).toEqual({ name: 'momentum', learningRate: 0.05, momentum: 0.9 });
    expect(optimizerConfig('adam', 0.01)).toEqual({ name: 'adam', learningRate: 0.01, betas: [0.9, 0.999] });
    expect(optimizerConfig('adam', 0.01, [0.7, 0.9])).toEqual({ name: 'adam', learningRate: 0.01, betas: [0.7, 0.9] });
  });

  it('makes the TF.js optimizer each names, whose rate the schedule can change, without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const sgd = createScheduledOptimizer(tf, optimizerConfig('sgd', 0.1));
    const momentum = createScheduledOptimizer(tf, optimizerConfig('momentum', 0.1));
    const adam = createScheduledOptimizer(tf, optimizerConfig('adam', 0.1));
    expect(sgd).toBeInstanceOf(tf.SGDOptimizer);
    expect(momentum).toBeInstanceOf(tf.MomentumOptimizer);
    expect(momentum.getConfig()).toMatchObject({ momentum: 0.9, learningRate: 0.1 });
    expect(adam).toBeInstanceOf(tf.AdamOptimizer);
    for (const optimizer of [sgd, momentum, adam]) {
      for (let i = 0; i < 5; i++) optimizer.setLearningRate(0.01 * (i + 1));
      expect(optimizer.getConfig().learningRate).toBe(0.05);
      optimizer.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
