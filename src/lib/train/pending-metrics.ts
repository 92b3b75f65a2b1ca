/**
 * The loss and accuracy of the steps since the last report, still as tensors. Reading a
 * tensor's value waits for every queued operation to finish; on a GPU backend doing that
 * after each step would leave the GPU idle while JavaScript prepares the next batch. So the
 * trainer keeps the per-step scalars here and reads them all at once, every few steps.
 * (On 'cpu' and 'wasm' the values are ready at once, and the reading costs nothing.)
 */
import type { Scalar } from '@tensorflow/tfjs';
import type { Tfjs } from '../model/tfjs';

export interface MetricsReading {
  /** The steps read, counted from 1. */
  firstStep: number;
  lastStep: number;
  /** One loss per step, so a NaN can be traced to the step where it appeared. */
  losses: Float32Array;
  meanLoss: number;
  accuracy: number;
  imagesPerSecond: number;
}

export class PendingMetrics {
  private losses: Scalar[] = [];
  private correctCounts: Scalar[] = [];
  private images = 0;
  private firstStep = 0;
  private startedAt = now();

  get size(): number {
    return this.losses.length;
  }

  /** Takes ownership of both scalars: they are disposed when read. */
  add(step: number, loss: Scalar, correct: Scalar, images: number): void {
    if (this.losses.length === 0) this.firstStep = step;
    this.losses.push(loss);
    this.correctCounts.push(correct);
    this.images += images;
  }

  /** Reads and forgets what was added; the clock restarts for the next speed reading. */
  async read(tf: Tfjs): Promise<MetricsReading> {
    if (this.size === 0) throw new Error('PendingMetrics.read: no steps since the last reading');
    const lossesTensor = tf.stack(this.losses);
    const correctTensor = tf.stack(this.correctCounts);
    try {
      const [losses, correct] = await Promise.all([lossesTensor.data(), correctTensor.data()]);
      const elapsedSeconds = (now() - this.startedAt) / 1000;
      const reading: MetricsReading = {
        firstStep: this.firstStep,
        lastStep: this.firstStep + this.size - 1,
        losses: Float32Array.from(losses),
        meanLoss: average(losses),
        accuracy: total(correct) / this.images,
        imagesPerSecond: elapsedSeconds > 0 ? this.images / elapsedSeconds : 0,
      };
      return reading;
    } finally {
      tf.dispose([lossesTensor, correctTensor]);
      this.clear();
    }
  }

  /** A pause of `ms` is not training time: the next speed reading leaves it out. */
  discountPause(ms: number): void {
    this.startedAt += ms;
  }

  /** Frees what was never read (a run that failed or stopped). */
  clear(): void {
    for (const tensor of [...this.losses, ...this.correctCounts]) tensor.dispose();
    this.losses = [];
    this.correctCounts = [];
    this.images = 0;
    this.startedAt = now();
  }
}

function now(): number {
  return performance.now();
}

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

function average(values: ArrayLike<number>): number {
  return total(values) / values.length;
}
