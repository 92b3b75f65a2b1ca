/**
 * Telling a run that diverged from one that is merely noisy. NaN is the loud case: once the
 * loss is not a number every weight it touches is NaN too. The quiet cases are worse for a
 * student, because the run goes on: Adam at a rate of 10 sends the loss to thousands without
 * ever producing a NaN, and ends at 10% (guessing). So the detector also stops a run whose
 * smoothed loss climbs far above where it started, or whose accuracy is still at chance when
 * the warm-up is long over. Pure: it sees the reports, the trainer acts on its verdict.
 */
import { smooth } from './curves';

export type DivergenceKind = 'nan' | 'explosion' | 'chance';

export interface Divergence {
  kind: DivergenceKind;
  step: number;
  /** What happened and why, for the student. */
  message: string;
}

export interface DivergenceThresholds {
  /** The smoothed loss may not rise above this many times its first value. */
  explosionFactor: number;
  /** Accuracy at or below this (10 digits: 0.1 is guessing) after `chanceAfterSteps` is "nothing learned". */
  chanceAccuracy: number;
  chanceAfterSteps: number;
}

/** MNIST's starting loss is about 2.3 (ln 10); four times that is never reached by a run that learns. */
export const DEFAULT_THRESHOLDS: DivergenceThresholds = { explosionFactor: 4, chanceAccuracy: 0.15, chanceAfterSteps: 60 };

/** The smoothing of the detector's own view, the curves' default: one bad report never stops a run. */
const WEIGHT = 0.6;

export class DivergenceDetector {
  private readonly losses: number[] = [];
  private readonly accuracies: number[] = [];

  constructor(
    private readonly peakLearningRate: number,
    /** Steps after which the warm-up is over (a quarter of a one-cycle run); chance is judged only later. */
    private readonly warmupSteps: number,
    private readonly thresholds: DivergenceThresholds = DEFAULT_THRESHOLDS,
  ) {}

  /** Each step's loss since the last report, and the report's accuracy; a verdict, or null for "fine". */
  observe(step: number, stepLosses: readonly number[], accuracy: number): Divergence | null {
    const bad = stepLosses.findIndex((loss) => !Number.isFinite(loss));
    if (bad !== -1) {
      const badStep = step - stepLosses.length + 1 + bad;
      return {
        kind: 'nan',
        step: badStep,
        message: `The loss became ${stepLosses[bad]} at step ${badStep}: the steps were so large that the numbers overflowed, and a network cannot recover from that. The learning rate is too high for this network (the peak was ${this.peakLearningRate}).`,
      };
    }
    this.losses.push(stepLosses.reduce((sum, loss) => sum + loss, 0) / Math.max(1, stepLosses.length));
    this.accuracies.push(accuracy);
    const smoothedLoss = smooth(this.losses, WEIGHT).at(-1)!;
    const first = this.losses[0]!;
    if (this.losses.length >= 3 && smoothedLoss > this.thresholds.explosionFactor * first) {
      return {
        kind: 'explosion',
        step,
        message: `The loss exploded: from ${first.toFixed(2)} at the start to ${formatLoss(smoothedLoss)} (smoothed) at step ${step}. Each step overshot so far that the network got worse, not better. The learning rate is too high for this network (the peak was ${this.peakLearningRate}).`,
      };
    }
    const smoothedAccuracy = smooth(this.accuracies, WEIGHT).at(-1)!;
    if (step >= Math.max(this.warmupSteps, this.thresholds.chanceAfterSteps) && smoothedAccuracy <= this.thresholds.chanceAccuracy) {
      return {
        kind: 'chance',
        step,
        message: `After ${step} steps the network still reads only ${(smoothedAccuracy * 100).toFixed(0)}% of its training digits right: with ten digits, that is guessing. The steps are too large for it to settle anywhere; the learning rate is too high for this network (the peak was ${this.peakLearningRate}).`,
      };
    }
    return null;
  }
}

function formatLoss(loss: number): string {
  return loss >= 1000 ? Math.round(loss).toLocaleString('en-GB') : loss.toFixed(2);
}

/** The rate a "try again" offers after a divergence: a third, rounded to two significant figures. */
export function retryLearningRate(peakLearningRate: number): number {
  return Number((peakLearningRate / 3).toPrecision(2));
}
