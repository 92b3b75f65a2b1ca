/**
 * The one-cycle learning-rate schedule (Leslie Smith, 2018; PyTorch's OneCycleLR): start low,
 * rise to a peak, then fall far below the start. The low start lets Adam's statistics and the
 * batch-norm averages settle before big steps; the high middle covers ground fast; the long
 * fall lets the weights settle into a minimum. It is what makes one epoch enough.
 */

export interface OneCycleOptions {
  /** The highest rate, reached at the end of the warm-up. */
  peak: number;
  /** Steps in the whole run; the rate reaches its lowest on the last one (step totalSteps − 1). */
  totalSteps: number;
  /** The share of the run spent rising. */
  warmupFraction?: number;
  /** The first rate is peak / initialDivisor (25, PyTorch's default). */
  initialDivisor?: number;
  /** The last rate is peak / finalDivisor. */
  finalDivisor?: number;
}

/** A learning rate for each step, counted from 0; steps past either end get the end's rate. */
export type LearningRateSchedule = (step: number) => number;

export type ScheduleName = 'one-cycle' | 'constant';
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['one-cycle', 'constant'];

/**
 * The schedule of a run, a pure function of the step: a run paused, or resumed from a
 * checkpoint at step n, gets from it exactly the rates an uninterrupted run gets.
 */
export function learningRateSchedule(name: ScheduleName, peak: number, totalSteps: number): LearningRateSchedule {
  return name === 'constant' ? constant(peak) : oneCycle({ peak, totalSteps });
}

/** The same rate every step: the simplest schedule, and the baseline one-cycle is measured against. */
export function constant(rate: number): LearningRateSchedule {
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`constant: the rate must be above 0, got ${rate}`);
  return () => rate;
}

export function oneCycle({
  peak,
  totalSteps,
  warmupFraction = 0.25,
  initialDivisor = 25,
  finalDivisor = 1000,
}: OneCycleOptions): LearningRateSchedule {
  checkOptions({ peak, totalSteps, warmupFraction, initialDivisor, finalDivisor });
  const start = peak / initialDivisor;
  const end = peak / finalDivisor;
  const lastStep = totalSteps - 1;
  const warmupEnd = warmupFraction * lastStep;
  return (step) => {
    if (lastStep === 0) return peak;
    const clamped = Math.min(Math.max(step, 0), lastStep);
    if (clamped < warmupEnd) return cosineBetween(start, peak, clamped / warmupEnd);
    return cosineBetween(peak, end, (clamped - warmupEnd) / (lastStep - warmupEnd));
  };
}

/**
 * From `from` (progress 0) to `to` (progress 1) along half a cosine wave: slow at both ends,
 * so the rate eases into the peak and into the end rather than turning a sharp corner.
 */
function cosineBetween(from: number, to: number, progress: number): number {
  return to + ((from - to) * (1 + Math.cos(Math.PI * progress))) / 2;
}

function checkOptions(options: Required<OneCycleOptions>): void {
  const { peak, totalSteps, warmupFraction, initialDivisor, finalDivisor } = options;
  if (!(peak > 0 && Number.isFinite(peak))) throw new RangeError(`oneCycle: peak must be above 0, got ${peak}`);
  if (!Number.isInteger(totalSteps) || totalSteps < 1) {
    throw new RangeError(`oneCycle: totalSteps must be a whole number from 1, got ${totalSteps}`);
  }
  if (!(warmupFraction >= 0 && warmupFraction < 1)) {
    throw new RangeError(`oneCycle: warmupFraction must be from 0 up to (not including) 1, got ${warmupFraction}`);
  }
  if (!(initialDivisor >= 1) || !(finalDivisor >= 1)) {
    throw new RangeError(`oneCycle: the divisors must be at least 1, got ${initialDivisor} and ${finalDivisor}`);
  }
}
