/**
 * The knobs of a training run, and the checks that turn a typo ("learning rate 100") into a
 * sentence before the first step, instead of a NaN or a frozen tab after it.
 */
import { validateAugmentOptions, type AugmentOptions } from './augment';
import { OPTIMIZER_NAMES, type OptimizerName } from './optimizer';
import { SCHEDULE_NAMES, type ScheduleName } from './schedule';

export interface TrainOptions {
  batchSize: number;
  epochs: number;
  /** The top of the one-cycle schedule, or the constant rate (schedule.ts). */
  peakLearningRate: number;
  /** Adam unless given (optimizer.ts). */
  optimizer?: OptimizerName;
  /** One-cycle unless given. */
  schedule?: ScheduleName;
  /** The share of the training images (after validation is set aside) to train on: 0.1, 0.25, 1 (the default). */
  trainingShare?: number;
  /** 0 for plain cross-entropy; 0.1 is usual. */
  labelSmoothing: number;
  augment: AugmentOptions | null;
  /** Training images set aside to validate on: a count (5000), a fraction (0.1), or 0 for none. */
  validationSize: number;
  /** Fixes the split, the shuffles, the augmentation — the whole run, given the same initial model. */
  seed: number;
  /** Stop after this many steps (benches, tests); the schedule is fitted to the shorter run. */
  maxSteps?: number;
  /** Also validate every this many steps (a live validation curve); otherwise only at epoch ends. */
  evaluateEvery?: number;
  /** Read the loss back and report every this many steps (see trainer.ts); 10 unless given. */
  reportEvery?: number;
  /** Adam's β1, β2; 0.9 and 0.999 unless given. Short, fast runs like lower ones (0.7, 0.9). */
  adamBetas?: readonly [number, number];
}

export const TRAIN_LIMITS = {
  maxBatchSize: 4096,
  maxEpochs: 100,
  maxPeakLearningRate: 10,
} as const;

export class TrainOptionsError extends RangeError {
  override name = 'TrainOptionsError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`These training options cannot work:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Every problem found, or an empty list. */
export function validateTrainOptions(options: TrainOptions): string[] {
  const problems = [
    wholeNumber('batchSize', options.batchSize, 1, TRAIN_LIMITS.maxBatchSize),
    wholeNumber('epochs', options.epochs, 1, TRAIN_LIMITS.maxEpochs),
    learningRateProblem(options.peakLearningRate),
    options.labelSmoothing >= 0 && options.labelSmoothing < 1
      ? null
      : `labelSmoothing must be from 0 up to (not including) 1 (0.1 is usual), got ${options.labelSmoothing}`,
    validationSizeProblem(options.validationSize),
    Number.isInteger(options.seed) ? null : `seed must be a whole number, got ${options.seed}`,
    optionalWholeNumber('maxSteps', options.maxSteps),
    optionalWholeNumber('evaluateEvery', options.evaluateEvery),
    optionalWholeNumber('reportEvery', options.reportEvery),
    betasProblem(options.adamBetas),
    options.optimizer === undefined || OPTIMIZER_NAMES.includes(options.optimizer)
      ? null
      : `optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${String(options.optimizer)}`,
    options.schedule === undefined || SCHEDULE_NAMES.includes(options.schedule)
      ? null
      : `schedule must be one of ${SCHEDULE_NAMES.join(', ')}, got ${String(options.schedule)}`,
    options.trainingShare === undefined || (options.trainingShare > 0 && options.trainingShare <= 1)
      ? null
      : `trainingShare must be above 0 and at most 1 (all of it), got ${options.trainingShare}`,
  ].filter((problem): problem is string => problem !== null);
  return options.augment ? [...problems, ...validateAugmentOptions(options.augment)] : problems;
}

function betasProblem(betas: TrainOptions['adamBetas']): string | null {
  if (betas === undefined || betas.every((beta) => beta >= 0 && beta < 1)) return null;
  return `adamBetas must be two numbers from 0 up to (not including) 1, like [0.9, 0.999], got [${betas.join(', ')}]`;
}

function learningRateProblem(rate: number): string | null {
  if (rate > 0 && rate <= TRAIN_LIMITS.maxPeakLearningRate) return null;
  return `peakLearningRate must be above 0 and at most ${TRAIN_LIMITS.maxPeakLearningRate} (Adam usually wants 0.001 to 0.01), got ${rate}`;
}

function validationSizeProblem(size: number): string | null {
  if ((size > 0 && size < 1) || (Number.isInteger(size) && size >= 0)) return null;
  return `validationSize must be a count of images (like 5000), a fraction (like 0.1) or 0, got ${size}`;
}

function wholeNumber(field: string, value: number, min: number, max: number): string | null {
  if (Number.isInteger(value) && value >= min && value <= max) return null;
  return `${field} must be a whole number from ${min} to ${max}, got ${value}`;
}

function optionalWholeNumber(field: string, value: number | undefined): string | null {
  if (value === undefined || (Number.isInteger(value) && value >= 1)) return null;
  return `${field} must be a whole number from 1, got ${value}`;
}
