/**
 * Adam whose learning rate can change between steps, for the one-cycle schedule. TF.js keeps
 * the rate in a protected field and reads it on every step; a subclass may write it, so the
 * schedule needs no cast past the type system.
 */
import type { AdamOptimizer } from '@tensorflow/tfjs';
import type { Tfjs } from '../model/tfjs';

export type ScheduledAdam = AdamOptimizer & { setLearningRate(rate: number): void };

/** Kingma & Ba's defaults, which are also TF's. */
const BETA1 = 0.9;
const BETA2 = 0.999;

export function createScheduledAdam(tf: Tfjs, learningRate: number, [beta1, beta2]: readonly [number, number] = [BETA1, BETA2]): ScheduledAdam {
  // Declared here, not at module level, because the base class comes from the `tf` passed in.
  class AdamWithSchedule extends tf.AdamOptimizer {
    setLearningRate(rate: number): void {
      this.learningRate = rate;
    }
  }
  return new AdamWithSchedule(learningRate, beta1, beta2);
}
