/**
 * How "make it yours" fine-tunes a model on a student's own digits without forgetting MNIST:
 * some of the student's samples are held back (never trained on) to measure before and after;
 * the rest are mixed into every batch with MNIST training images (a replay mix), so each step
 * reminds the model of the digits it already reads while it learns the new hand.
 */
import { mulberry32, shuffleInPlace } from '../data/random';
import { countByDigit, type DigitSample } from './sample';

/** Fewer than this and the before/after figure is noise, and a few steps overfit them. */
export const MIN_OWN_SAMPLES = 10;

export const FINE_TUNE_LIMITS = {
  maxReplayShare: 0.95,
  maxSteps: 2000,
  maxLearningRate: 0.1,
  maxBatchSize: 512,
} as const;

export interface FineTuneOptions {
  /** 'last' trains only the layers after the last convolution; 'all' trains every layer. */
  layers: 'all' | 'last';
  /** The share of each batch that is MNIST (0 = only the student's digits). */
  replayShare: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Share of each digit's samples held back for the before/after figure. */
  heldBackShare: number;
  seed: number;
}

export const DEFAULT_FINE_TUNE: FineTuneOptions = { layers: 'all', replayShare: 0.75, steps: 60, batchSize: 64, learningRate: 0.0002, heldBackShare: 0.2, seed: 1 };

export interface HeldBackSplit<T> {
  training: T[];
  heldBack: T[];
}

/**
 * Per digit, a seeded share of the samples held back: at least one of every digit that has two
 * or more, and never the last one, so each digit the student drew is both learned and checked.
 */
export function splitHeldBack<T extends Pick<DigitSample, 'digit'>>(samples: readonly T[], share: number, seed: number): HeldBackSplit<T> {
  const rng = mulberry32(seed);
  const split: HeldBackSplit<T> = { training: [], heldBack: [] };
  for (let digit = 0; digit <= 9; digit++) {
    const ofDigit = samples.filter((sample) => sample.digit === digit);
    shuffleInPlace(ofDigit, rng);
    const held = ofDigit.length < 2 ? 0 : Math.min(ofDigit.length - 1, Math.max(1, Math.round(ofDigit.length * share)));
    split.heldBack.push(...ofDigit.slice(0, held));
    split.training.push(...ofDigit.slice(held));
  }
  return split;
}

/** Sentences, one per problem, naming the control as the student sees it; empty when it can run. */
export function checkFineTune(options: FineTuneOptions, samples: readonly Pick<DigitSample, 'digit'>[]): string[] {
  const problems: string[] = [];
  if (samples.length < MIN_OWN_SAMPLES) {
    problems.push(`You have ${samples.length} sample${samples.length === 1 ? '' : 's'}; fine-tuning needs at least ${MIN_OWN_SAMPLES} (a few of each digit you want it to learn; 5 of each is better).`);
  }
  const counts = countByDigit(samples);
  const single = counts.flatMap((count, digit) => (count === 1 ? [digit] : []));
  if (samples.length >= MIN_OWN_SAMPLES && single.length > 0) {
    problems.push(`Draw at least two of ${single.map((d) => `"${d}"`).join(', ')}: one is learned and one held back to check it.`);
  }
  if (options.layers !== 'all' && options.layers !== 'last') problems.push('Layers to train must be "all layers" or "only the last layers".');
  if (!(options.replayShare >= 0 && options.replayShare <= FINE_TUNE_LIMITS.maxReplayShare)) {
    problems.push(`MNIST share must be from 0% to ${FINE_TUNE_LIMITS.maxReplayShare * 100}%.`);
  }
  if (!Number.isInteger(options.steps) || options.steps < 1 || options.steps > FINE_TUNE_LIMITS.maxSteps) {
    problems.push(`Steps must be a whole number from 1 to ${FINE_TUNE_LIMITS.maxSteps}.`);
  }
  if (!Number.isInteger(options.batchSize) || options.batchSize < 2 || options.batchSize > FINE_TUNE_LIMITS.maxBatchSize) {
    problems.push(`Batch size must be a whole number from 2 to ${FINE_TUNE_LIMITS.maxBatchSize}.`);
  }
  if (!(options.learningRate > 0 && options.learningRate <= FINE_TUNE_LIMITS.maxLearningRate)) {
    problems.push(`Learning rate must be above 0 and at most ${FINE_TUNE_LIMITS.maxLearningRate} (fine-tuning wants a small one, e.g. 0.001).`);
  }
  if (!(options.heldBackShare > 0 && options.heldBackShare < 1)) problems.push('Held-back share must be between 0% and 100%.');
  return problems;
}

export interface ReplayBatch {
  /** Indices into the student's training samples (repeats allowed: there are few of them). */
  own: number[];
  /** Indices into the MNIST training images. */
  mnist: number[];
}

/**
 * The batches of a fine-tuning run: in each, round(batchSize × (1 − replayShare)) of the
 * student's samples (cycling through them in a fresh seeded order each pass) and the rest MNIST
 * images, drawn without repeats until the MNIST set is used up.
 */
export function replayBatches(ownCount: number, mnistCount: number, options: Pick<FineTuneOptions, 'batchSize' | 'steps' | 'replayShare' | 'seed'>): ReplayBatch[] {
  const rng = mulberry32(options.seed);
  const ownPerBatch = ownCount === 0 ? 0 : Math.max(1, Math.round(options.batchSize * (1 - options.replayShare)));
  const mnistPerBatch = mnistCount === 0 ? 0 : options.batchSize - ownPerBatch;
  const cycle = (count: number) => {
    let order: number[] = [];
    return () => {
      if (order.length === 0) {
        order = Array.from({ length: count }, (_, i) => i);
        shuffleInPlace(order, rng);
      }
      return order.pop()!;
    };
  };
  const nextOwn = cycle(ownCount);
  const nextMnist = cycle(mnistCount);
  return Array.from({ length: options.steps }, () => ({
    own: Array.from({ length: ownPerBatch }, nextOwn),
    mnist: Array.from({ length: mnistPerBatch }, nextMnist),
  }));
}
