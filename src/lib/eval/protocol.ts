/**
 * What lesson 5's page and its evaluation worker (src/workers/eval-worker.ts) say to each
 * other. One run scores one model on the 10,000 test images and, when asked, on the held-out
 * pen writers; a cancel ends a run between two batches (the page cancels a model's run when
 * the student picks another).
 */
import type { DigitModelSource } from './digit-model-source';
import type { ImagesToScore } from './score';
import type { ScoredSet } from './scored-set';

export interface ScoreRequest {
  type: 'score';
  runId: string;
  model: DigitModelSource;
  /** The MNIST test set; sent with the first request only, the worker keeps it. */
  test?: ImagesToScore;
  /** URL of the held-out pen writers' UNIPEN file (gzip); unset, no pen scoring. */
  penUrl?: string;
}

export type EvalRequest = ScoreRequest | { type: 'cancel'; runId: string };

export type EvalPhase = 'loading' | 'mnist' | 'pen';

export interface PenScores {
  scored: ScoredSet;
  /** The pen samples as the model saw them: count × 784 bytes, 0..255. */
  pixels: Uint8Array;
  writers: Uint8Array;
}

export type EvalEvent =
  | { type: 'progress'; runId: string; phase: EvalPhase; done: number; total: number }
  /** tensorsLeft: the worker's tensor count once the model is freed (flat from run to run, or something leaks). */
  | { type: 'done'; runId: string; test: ScoredSet; pen?: PenScores; penError?: string; parameters: number; tensorsLeft: number }
  | { type: 'cancelled'; runId: string }
  | { type: 'error'; runId: string; message: string };

/** The buffers a done event can move instead of copying. */
export function evalTransferables(event: EvalEvent): ArrayBuffer[] {
  if (event.type !== 'done') return [];
  const buffers = [event.test.labels.buffer, event.test.probabilities.buffer];
  if (event.pen) buffers.push(event.pen.scored.labels.buffer, event.pen.scored.probabilities.buffer, event.pen.pixels.buffer, event.pen.writers.buffer);
  return buffers.filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
