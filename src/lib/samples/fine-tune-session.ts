/**
 * One "make it yours" fine-tune from start to finish, as the training worker runs it: the
 * student's samples split (some held back), the model scored before on the held-back samples
 * and on a fixed slice of the MNIST test set, fine-tuned (fine-tune.ts), and scored again. The
 * report says, side by side, what changed; `verdict` says whether the new model is worth keeping
 * (a run that blew up throws instead, and the model in use was never touched).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { predictDigits } from '../model/predict';
import type { Tfjs } from '../model/tfjs';
import type { LabelledImages } from '../train/evaluate';
import { toUnitRange } from '../train/input';
import { fineTune, type FineTuneCallbacks } from './fine-tune';
import { checkFineTune, splitHeldBack, type FineTuneOptions } from './fine-tune-plan';
import { SAMPLE_PIXELS, type DigitSample } from './sample';

/** The first 2,000 of the 10,000 MNIST test images: the same slice before and after, every time. */
export const MNIST_SLICE = 2000;
/** A fine-tune that costs MNIST more than this (2 points on the slice) forgot what it knew: not kept. */
export const MAX_MNIST_DROP = 0.02;

export type SessionSample = Pick<DigitSample, 'id' | 'digit' | 'pixels'>;

export interface HeldBackReading {
  id: string;
  digit: number;
  before: number;
  after: number;
}

export interface FineTuneScores {
  /** Share of the held-back own samples read right. */
  own: number;
  /** Share of the MNIST test slice read right. */
  mnist: number;
}

export interface FineTuneReport {
  ownSamples: number;
  trainedOn: number;
  heldBack: HeldBackReading[];
  mnistSlice: number;
  before: FineTuneScores;
  after: FineTuneScores;
  steps: number;
  trainedLayers: string[];
  options: FineTuneOptions;
  /** 'keep' when the new model may replace the old; 'forgot' when it lost too much of MNIST. */
  verdict: 'keep' | 'forgot';
  /** A kept model's share of the whole MNIST test set read right (My models' "Test accuracy"). */
  mnistTest?: number;
}

export class FineTuneCheckError extends Error {
  override name = 'FineTuneCheckError';
}

export async function runFineTuneSession(
  tf: Tfjs,
  model: LayersModel,
  samples: readonly SessionSample[],
  mnist: { train: LabelledImages; test: LabelledImages },
  options: FineTuneOptions,
  callbacks: FineTuneCallbacks = {},
): Promise<FineTuneReport> {
  const problems = checkFineTune(options, samples);
  if (problems.length > 0) throw new FineTuneCheckError(problems.join(' '));
  const { training, heldBack } = splitHeldBack(samples, options.heldBackShare, options.seed);
  const held = asImages(heldBack);
  const slice = firstImages(mnist.test, MNIST_SLICE);
  const beforeHeld = await readDigits(tf, model, held);
  const before = { own: accuracy(beforeHeld, held.labels), mnist: accuracy(await readDigits(tf, model, slice), slice.labels) };
  const result = await fineTune(tf, model, asImages(training), mnist.train, options, callbacks);
  const afterHeld = await readDigits(tf, model, held);
  const after = { own: accuracy(afterHeld, held.labels), mnist: accuracy(await readDigits(tf, model, slice), slice.labels) };
  const verdict = after.mnist < before.mnist - MAX_MNIST_DROP ? 'forgot' : 'keep';
  // A kept model goes into My models beside the others, which show their whole-test-set figure.
  const mnistTest = verdict === 'keep' ? accuracy(await readDigits(tf, model, mnist.test), mnist.test.labels) : undefined;
  return {
    ownSamples: samples.length,
    trainedOn: training.length,
    heldBack: heldBack.map(({ id, digit }, i) => ({ id, digit, before: beforeHeld[i]!, after: afterHeld[i]! })),
    mnistSlice: slice.count,
    before,
    after,
    steps: result.steps,
    trainedLayers: result.trainedLayers,
    options,
    verdict,
    ...(mnistTest === undefined ? {} : { mnistTest }),
  };
}

/** The held-back samples whose reading changed, for "the digits that changed". */
export function changedReadings(report: Pick<FineTuneReport, 'heldBack'>): { fixed: HeldBackReading[]; broken: HeldBackReading[]; other: HeldBackReading[] } {
  const changed = report.heldBack.filter((reading) => reading.before !== reading.after);
  return {
    fixed: changed.filter((reading) => reading.after === reading.digit),
    broken: changed.filter((reading) => reading.before === reading.digit),
    other: changed.filter((reading) => reading.before !== reading.digit && reading.after !== reading.digit),
  };
}

function asImages(samples: readonly SessionSample[]): LabelledImages {
  const pixels = new Uint8Array(samples.length * SAMPLE_PIXELS);
  samples.forEach((sample, i) => pixels.set(sample.pixels, i * SAMPLE_PIXELS));
  return { count: samples.length, pixels, labels: Uint8Array.from(samples, (sample) => sample.digit) };
}

function firstImages(set: LabelledImages, count: number): LabelledImages {
  const n = Math.min(count, set.count);
  return { count: n, pixels: set.pixels.subarray(0, n * SAMPLE_PIXELS), labels: set.labels.subarray(0, n) };
}

const READ_BATCH = 250;

/** The digit the model reads for each image (the most probable one). */
export async function readDigits(tf: Tfjs, model: LayersModel, set: LabelledImages): Promise<number[]> {
  const digits: number[] = [];
  for (let start = 0; start < set.count; start += READ_BATCH) {
    const count = Math.min(READ_BATCH, set.count - start);
    const probabilities = await predictDigits(tf, model, toUnitRange(set.pixels.subarray(start * SAMPLE_PIXELS, (start + count) * SAMPLE_PIXELS)), count);
    for (let i = 0; i < count; i++) {
      const row = probabilities.subarray(i * 10, i * 10 + 10);
      digits.push(row.indexOf(Math.max(...row)));
    }
  }
  return digits;
}

function accuracy(read: readonly number[], labels: Uint8Array): number {
  if (read.length === 0) return 0;
  return read.filter((digit, i) => digit === labels[i]).length / read.length;
}
