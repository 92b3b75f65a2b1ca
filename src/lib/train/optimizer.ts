/**
 * The optimizers a run can use, each with a learning rate that can change between steps (for
 * the one-cycle schedule). Plain SGD moves every weight against its gradient; momentum keeps
 * a running direction (0.9 of the last one), which rolls through small bumps; Adam scales each
 * weight's step by how large and how steady its gradients have been, which is why it forgives
 * a poorly chosen rate best. TF.js keeps Adam's rate in a protected field that a subclass may
 * write; SGD and momentum have setLearningRate of their own.
 */
import type { NamedTensorMap, Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import { ADAM_UPDATE } from '../kernels/kernel-names';
import type { Tfjs } from '../model/tfjs';

export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

export type ScheduledOptimizer = Optimizer & { setLearningRate(rate: number): void };
/** Kept for the callers written when Adam was the only choice. */
export type ScheduledAdam = ScheduledOptimizer;

/** Kingma & Ba's defaults, which are also TF's. */
const BETA1 = 0.9;
const BETA2 = 0.999;
/** The usual momentum (Sutskever et al., 2013). */
export const MOMENTUM = 0.9;

export interface OptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  /** Adam only. */
  betas?: readonly [number, number];
  /** Momentum only. */
  momentum?: number;
}

/** What the optimizer of a run is, as data: what a checkpoint records and what the tests check. */
export function optimizerConfig(name: OptimizerName, learningRate: number, adamBetas?: readonly [number, number]): OptimizerConfig {
  if (name === 'adam') return { name, learningRate, betas: adamBetas ?? [BETA1, BETA2] };
  if (name === 'momentum') return { name, learningRate, momentum: MOMENTUM };
  return { name, learningRate };
}

export function createScheduledOptimizer(tf: Tfjs, config: OptimizerConfig): ScheduledOptimizer {
  if (config.name === 'sgd') return tf.train.sgd(config.learningRate);
  if (config.name === 'momentum') {
    // TF.js 4.22's MomentumOptimizer.dispose() forgets the rate scalar it inherits from SGD:
    // one tensor leaked per run without this.
    class MomentumWithSchedule extends tf.MomentumOptimizer {
      override dispose(): void {
        super.dispose();
        this.c.dispose();
      }
    }
    return new MomentumWithSchedule(config.learningRate, config.momentum ?? MOMENTUM);
  }
  return createScheduledAdam(tf, config.learningRate, config.betas);
}

export function createScheduledAdam(tf: Tfjs, learningRate: number, [beta1, beta2]: readonly [number, number] = [BETA1, BETA2]): ScheduledOptimizer {
  // Declared here, not at module level, because the base class comes from the `tf` passed in.
  class AdamWithSchedule extends tf.AdamOptimizer {
    setLearningRate(rate: number): void {
      this.learningRate = rate;
    }

    /**
     * On wasm with our kernels, each variable's step is one kernel (ADAM_UPDATE) instead of about
     * fifteen ops: the tutorial CNN's step ran 179 kernels, 100 of them Adam's. Same state (m, v,
     * accBeta1, accBeta2), same arithmetic, so checkpoints and getWeights are unchanged.
     */
    override applyGradients(variableGradients: Parameters<InstanceType<Tfjs['AdamOptimizer']>['applyGradients']>[0]): void {
      if (tf.getBackend() !== 'wasm' || tf.getKernel(ADAM_UPDATE, 'wasm') === undefined) {
        super.applyGradients(variableGradients);
        return;
      }
      const state = this as unknown as AdamState;
      const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
      tf.tidy(() => {
        const c1 = tf.sub(1, state.accBeta1);
        const c2 = tf.sub(1, state.accBeta2);
        names.forEach((name, i) => {
          const value = tf.engine().registeredVariables[name]!;
          state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : (variableGradients as NamedTensorMap)[name];
          if (gradient == null) return;
          const m = state.accumulatedFirstMoment[i]!.variable;
          const v = state.accumulatedSecondMoment[i]!.variable;
          const [newM, newV, newValue] = tf.engine().runKernel(ADAM_UPDATE, { g: gradient, m, v, w: value, c1, c2 }, {
            beta1: this.beta1,
            beta2: this.beta2,
            learningRate: this.learningRate,
            epsilon: this.epsilon,
          }) as Tensor[];
          m.assign(newM!);
          v.assign(newV!);
          value.assign(newValue!);
        });
        state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
        state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
      });
      state.incrementIterations();
    }
  }
  return new AdamWithSchedule(learningRate, beta1, beta2);
}

/** The parts of TF.js 4.22's AdamOptimizer that its applyGradients uses (protected there). */
interface AdamState {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  incrementIterations(): void;
}
