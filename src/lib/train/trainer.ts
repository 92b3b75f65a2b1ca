/**
 * The training loop every page uses. Per step: take a shuffled batch, augment it, run the
 * model forward and back, let Adam move the weights at the learning rate the one-cycle
 * schedule gives for that step. Every few steps: read the loss back and report. At each
 * epoch's end: validate.
 *
 * It is a hand-written loop rather than model.fit so that the learning rate can change every
 * step, the run can stop between any two steps, and the loss is read only when reported.
 */
import type { LayersModel, Scalar, Variable } from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace } from '../data/random';
import type { MnistData, TrainValidationSplit } from '../data/mnist';
import { imagesToTensor, logitsOf } from '../model/predict';
import { seedSequence } from '../model/seeds';
import type { Tfjs } from '../model/tfjs';
import { augmentBatch } from './augment';
import { evaluate, type LabelledImages } from './evaluate';
import { classificationLossAndCorrect, labelsToTensor } from './loss';
import { DivergenceDetector, type Divergence } from './divergence';
import { createScheduledOptimizer, optimizerConfig, type ScheduledOptimizer } from './optimizer';
import { TrainOptionsError, validateTrainOptions, type TrainOptions } from './options';
import { nextMacrotask } from './macrotask';
import { PendingMetrics } from './pending-metrics';
import { learningRateSchedule } from './schedule';

/** Steps and epochs are counted from 1, as a student counts them. */
export interface BatchReport {
  step: number;
  totalSteps: number;
  epoch: number;
  /** Mean training loss of the steps since the last report (label smoothing included). */
  loss: number;
  /** Training accuracy over those steps, on the augmented images. */
  accuracy: number;
  /** The rate of the latest step. */
  learningRate: number;
  imagesPerSecond: number;
}

export interface ValidationReport {
  step: number;
  epoch: number;
  /** null when the run has no validation images (validationSize 0). */
  validationLoss: number | null;
  validationAccuracy: number | null;
}

export interface TrainCallbacks {
  /** Every `reportEvery` steps, and at the end of each epoch and of the run. */
  onBatch?(report: BatchReport): void;
  /** At the end of each epoch, and of a run cut short by maxSteps. */
  onEpoch?(report: ValidationReport): void;
  /** Every `evaluateEvery` steps, when that option is set. */
  onValidation?(report: ValidationReport): void;
  /** Asked before every step; true ends the run after the step in progress. */
  shouldStop?(): boolean;
  /**
   * Asked before every step: while it returns a promise, the loop waits for it. Pausing this
   * way keeps the model, the optimizer's state and the schedule's position exactly where they
   * are, so a resumed run is the run that would have been.
   */
  whilePaused?(): Promise<void> | undefined;
  /**
   * At the end of each whole epoch (after its validation), awaited before the next one starts:
   * what a checkpoint needs to resume the run exactly from here (checkpoint.ts).
   */
  onEpochEnd?(state: EpochEndState): Promise<void> | void;
}

/** Where a run stands at an epoch's end, besides the model's own weights. */
export interface EpochEndState {
  /** Epochs completed. */
  epoch: number;
  step: number;
  optimizer: ScheduledOptimizer;
  /** Numbers the augmentation has drawn so far: a resumed run skips as many. */
  augmentDraws: number;
}

/** A run resumed from a checkpoint: the model's weights are already restored by the caller. */
export interface TrainStart {
  epochsDone: number;
  step: number;
  augmentDraws: number;
  /** The optimizer's state as `optimizer.getWeights()` gave it (Adam's moments, momentum's accumulations). */
  optimizerWeights: { name: string; tensor: import('@tensorflow/tfjs').Tensor }[];
}

export interface TrainResult {
  steps: number;
  totalSteps: number;
  /** true when shouldStop ended the run early. */
  stopped: boolean;
  lastReport: BatchReport | null;
  /** The latest validation, if any ran. */
  validation: ValidationReport | null;
}

export class TrainingError extends Error {
  override name = 'TrainingError';
  /** Set when the run stopped because it diverged (NaN, explosion, stuck at chance). */
  readonly divergence?: Divergence;

  constructor(message: string, divergence?: Divergence) {
    super(message);
    this.divergence = divergence;
  }
}

const DEFAULT_REPORT_EVERY = 10;
/** Not drawn from the run's seed sequence, so runs on the whole set keep the seeds they always had. */
const SHARE_SEED_OFFSET = 7919;
const VALIDATION_BATCH_SIZE = 256;

/**
 * The training and validation images of a run: the first seed drawn from the run's seed
 * splits them, so lesson 2 can show (and count) the very split lesson 4 trains on.
 */
export function runSplit(
  data: MnistData,
  options: Pick<TrainOptions, 'validationSize' | 'seed'>,
  nextSeed: () => number = seedSequence(options.seed),
): TrainValidationSplit {
  return data.splitTrainValidation({ validationSize: options.validationSize, seed: nextSeed() });
}

/**
 * Trains `model` in place. Throws TrainOptionsError before the first step for options that
 * cannot work, and TrainingError if the loss stops being a number. The optimizer and every
 * tensor made on the way are disposed, whatever happens; the model's weights remain.
 */
export async function train(
  tf: Tfjs,
  model: LayersModel,
  data: MnistData,
  options: TrainOptions,
  callbacks: TrainCallbacks = {},
  start?: TrainStart,
): Promise<TrainResult> {
  const problems = validateTrainOptions(options);
  if (problems.length > 0) throw new TrainOptionsError(problems);

  // Drawn in a fixed order so the whole run follows from options.seed.
  const nextSeed = seedSequence(options.seed);
  const fullSplit = runSplit(data, options, nextSeed);
  const split = { ...fullSplit, train: shareOf(fullSplit.train, options.trainingShare ?? 1, options.seed + SHARE_SEED_OFFSET) };
  const augmentRng = countedRng(mulberry32(nextSeed()), start?.augmentDraws ?? 0);
  const validationSet: LabelledImages | null =
    split.validation.length > 0 ? { count: split.validation.length, ...data.gather('train', split.validation) } : null;

  const stepsPerEpoch = Math.ceil(split.train.length / options.batchSize);
  const totalSteps = Math.min(stepsPerEpoch * options.epochs, options.maxSteps ?? Infinity);
  const schedule = learningRateSchedule(options.schedule ?? 'one-cycle', options.peakLearningRate, totalSteps);
  const reportEvery = options.reportEvery ?? DEFAULT_REPORT_EVERY;
  const divergence = new DivergenceDetector(options.peakLearningRate, Math.ceil(totalSteps / 4));

  const optimizer = createScheduledOptimizer(tf, optimizerConfig(options.optimizer ?? 'adam', schedule(0), options.adamBetas));
  const step: StepContext = { tf, model, optimizer, variables: trainableVariables(model), labelSmoothing: options.labelSmoothing };
  let appliedRate = schedule(0);
  const pending = new PendingMetrics();
  const result: TrainResult = { steps: start?.step ?? 0, totalSteps, stopped: false, lastReport: null, validation: null };
  if (start) {
    appliedRate = schedule(start.step);
    optimizer.setLearningRate(appliedRate);
    await optimizer.setWeights(start.optimizerWeights);
    // Each finished epoch drew one shuffle seed; the resumed run's next epoch gets the next one.
    for (let epoch = 0; epoch < start.epochsDone; epoch++) nextSeed();
  }

  const report = async (epoch: number, learningRate: number) => {
    const reading = await pending.read(tf);
    const verdict = divergence.observe(reading.lastStep, Array.from(reading.losses), reading.accuracy);
    if (verdict) throw new TrainingError(verdict.message, verdict);
    const { meanLoss: loss, accuracy, imagesPerSecond } = reading;
    result.lastReport = { step: reading.lastStep, totalSteps, epoch, loss, accuracy, learningRate, imagesPerSecond };
    callbacks.onBatch?.(result.lastReport);
    // The one moment the loop lets other work run: a worker receives the page's
    // "stop" message here, so shouldStop can see it (see macrotask.ts).
    await nextMacrotask();
  };
  const validate = async (epoch: number): Promise<ValidationReport> => {
    const evaluation = validationSet
      ? await evaluate(tf, model, validationSet, { batchSize: VALIDATION_BATCH_SIZE })
      : null;
    result.validation = {
      step: result.steps,
      epoch,
      validationLoss: evaluation?.loss ?? null,
      validationAccuracy: evaluation?.accuracy ?? null,
    };
    return result.validation;
  };

  try {
    for (let epoch = (start?.epochsDone ?? 0) + 1; epoch <= options.epochs && result.steps < totalSteps && !result.stopped; epoch++) {
      let learningRate = schedule(result.steps);
      for (const batch of data.batches(split.train, options.batchSize, nextSeed())) {
        if (result.steps === totalSteps) break;
        const pause = callbacks.whilePaused?.();
        if (pause) {
          const pausedAt = performance.now();
          await pause;
          pending.discountPause(performance.now() - pausedAt);
        }
        if (callbacks.shouldStop?.()) {
          result.stopped = true;
          break;
        }
        learningRate = schedule(result.steps);
        // SGD makes a new scalar for each new rate: only when it changes (a constant schedule never does).
        if (learningRate !== appliedRate) optimizer.setLearningRate((appliedRate = learningRate));
        const { pixels, labels } = data.gather('train', batch);
        const images = augmentBatch(pixels, batch.length, options.augment, augmentRng);
        const { loss, correct } = trainStep(step, images, labels);
        result.steps++;
        pending.add(result.steps, loss, correct, batch.length);
        if (pending.size === reportEvery) await report(epoch, learningRate);
        // Not on an epoch's last step: the epoch's own validation follows, on the same weights.
        const epochEnds = result.steps === totalSteps || result.steps % stepsPerEpoch === 0;
        if (options.evaluateEvery && result.steps % options.evaluateEvery === 0 && !epochEnds) {
          callbacks.onValidation?.(await validate(epoch));
        }
      }
      if (pending.size > 0) await report(epoch, learningRate);
      if (!result.stopped) callbacks.onEpoch?.(await validate(epoch));
      if (!result.stopped && result.steps < totalSteps) {
        await callbacks.onEpochEnd?.({ epoch, step: result.steps, optimizer, augmentDraws: augmentRng.draws });
      }
    }
    return result;
  } finally {
    pending.clear();
    optimizer.dispose();
  }
}

/** An Rng that counts its draws, started `skip` draws in (a resumed run's augmentation). */
function countedRng(rng: () => number, skip: number): (() => number) & { draws: number } {
  for (let i = 0; i < skip; i++) rng();
  const counted = Object.assign(() => {
    counted.draws++;
    return rng();
  }, { draws: skip });
  return counted;
}

/**
 * A share of the training images (lesson 4's "use 10% of the training set"): a seeded random
 * subset, kept in index order, never empty.
 */
export function shareOf(indices: Uint32Array, share: number, seed: number): Uint32Array {
  if (share >= 1) return indices;
  const shuffled = indices.slice();
  shuffleInPlace(shuffled, mulberry32(seed));
  return shuffled.slice(0, Math.max(1, Math.round(share * indices.length))).sort();
}

interface StepContext {
  tf: Tfjs;
  model: LayersModel;
  optimizer: ScheduledOptimizer;
  variables: Variable[];
  labelSmoothing: number;
}

/** One step of gradient descent on one batch; returns the batch's loss and correct count, unread. */
function trainStep(context: StepContext, pixels: Float32Array, labels: Uint8Array): { loss: Scalar; correct: Scalar } {
  const { tf, model, optimizer, variables, labelSmoothing } = context;
  return tf.tidy(() => {
    const images = imagesToTensor(tf, pixels, labels.length);
    const labelTensor = labelsToTensor(tf, labels);
    // The correct count comes from the same forward pass as the loss; tf.keep lets it out
    // of minimize's own tidy (and makes disposing it the caller's job: PendingMetrics).
    const counted: { correct?: Scalar } = {};
    const loss = optimizer.minimize(
      () => {
        const { loss, correct } = classificationLossAndCorrect(tf, logitsOf(tf, model, images, true), labelTensor, labelSmoothing);
        counted.correct = correct;
        return loss;
      },
      true,
      variables,
    );
    if (!loss || !counted.correct) throw new Error('optimizer.minimize returned no loss');
    return { loss, correct: counted.correct };
  });
}

/**
 * The model's own trainable variables. Without this list minimize would differentiate
 * every trainable variable TF knows of, including another model's on the same page.
 * A LayerVariable's read() is typed as a plain Tensor but returns its tf.Variable.
 */
function trainableVariables(model: LayersModel): Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as Variable);
}
