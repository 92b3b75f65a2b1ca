/**
 * The one typed protocol between a page and the training worker. Training
 * runs only in the worker, so the page stays responsive; the page sends a
 * request and receives events. Everything here is plain data (structured clone).
 */
import type { io } from '@tensorflow/tfjs';
import type { ModelConfig } from '../model/config';
import type { BackendChoice, BackendMeasurement, BackendName } from './backend';
import type { BatchReport, ValidationReport } from './trainer';
import type { Checkpoint } from './checkpoint';
import type { Divergence } from './divergence';
import type { TrainOptions } from './options';
import type { FineTuneOptions } from '../samples/fine-tune-plan';
import type { FineTuneReport, SessionSample } from '../samples/fine-tune-session';

export interface TrainRequest {
  type: 'train';
  runId: string;
  model: ModelConfig;
  options: TrainOptions;
  backend: BackendChoice;
  /** Folder of the MNIST manifest, e.g. `/course/data/mnist/`. */
  dataUrl: string;
  /** Seed of the model's initial weights. */
  modelSeed: number;
  /** After training, score the 10,000 test images. */
  evaluateOnTest: boolean;
  /** After training, time this many single-image predictions (benches). */
  measurePredictions?: number;
  /** After training, profile one training step per kernel (benches: where a step goes, threads and all). */
  profileStep?: boolean;
  /**
   * Threads for the wasm backend: 1 keeps its single-threaded build even where the page is
   * cross-origin isolated; more asks the threaded build for that many (it needs isolation);
   * unset leaves TF.js's choice. Only the first request of a worker decides.
   */
  wasmThreads?: number;
  /** XNNPACK's threads beside our kernels' pool (default 1: thread-count.ts says why); benches compare. */
  xnnpackThreads?: number;
  /** After training, send the trained model back (a 'model' event before 'done'), to be saved. */
  returnModel?: boolean;
  /** Save a checkpoint in IndexedDB at each epoch's end (lesson 4), cleared when the run ends. */
  checkpoints?: boolean;
  /** Go on from this checkpoint (taken by an earlier run of the same request) instead of from the start. */
  resume?: Checkpoint;
}

/** Stop ends the run after the step in progress; pause holds it there (model, optimizer, schedule kept) until resume. */
export interface RunControlRequest {
  type: 'stop' | 'pause' | 'resume';
  runId: string;
}
/** Kept for callers that only stop. */
export type StopRequest = RunControlRequest;

/**
 * Lesson 8: fine-tune a copy of the pad's model on the student's own samples (with MNIST
 * replayed), scoring before and after (src/lib/samples/fine-tune-session.ts).
 */
export interface FineTuneRequest {
  type: 'fine-tune';
  runId: string;
  /** The model to start from: a shipped model's model.json URL, or a kept model's artifacts. */
  base: { url: string } | { artifacts: io.ModelArtifacts };
  samples: SessionSample[];
  options: FineTuneOptions;
  dataUrl: string;
  wasmThreads?: number;
}

export type WorkerRequest = TrainRequest | RunControlRequest | FineTuneRequest;

export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
}

export interface PredictionTiming {
  count: number;
  medianMs: number;
  p95Ms: number;
}

/** Threads on the wasm backend: our gradient kernels' pool and XNNPACK's (each counting the worker itself). */
export interface ThreadsUsed {
  kernels: number;
  xnnpack: number;
}

export interface RunSummary {
  backend: BackendName;
  /** Which loops our gradient kernels run on wasm ('simd-…' or 'js'), when on wasm. */
  kernelLoops?: string;
  /** Whether those loops use relaxed SIMD's fused multiply-add (its build runs where the browser has it), when on wasm. */
  fusedMultiplyAdd?: boolean;
  /** Layers trained as one fused op each (conv, dense, batch norm; fused-training.ts); 0 off wasm. */
  fusedLayers?: number;
  crossOriginIsolated: boolean;
  /** Threads of the wasm backend (1 for its single-threaded builds), when on wasm. */
  wasmThreads?: number;
  /** Threads each of our gradient kernels' calls may use (1 where the page is not cross-origin isolated), when on wasm. */
  kernelThreads?: number;
  steps: number;
  stopped: boolean;
  /** Wall-clock seconds of the training loop alone (no data loading, no evaluation). */
  trainSeconds: number;
  imagesPerSecond: number;
  /** Images/s from the first progress report to the end (steady-speed.ts), when a step came after it. */
  steadyImagesPerSecond?: number;
  testAccuracy?: number;
  testLoss?: number;
  predictions?: PredictionTiming;
  /** One training step of the recipe's batch, milliseconds per kernel (the longest first), when asked. */
  stepProfile?: { kernel: string; ms: number; calls: number }[];
}

export type WorkerEvent =
  | { type: 'status'; runId: string; message: string }
  /** `choosingMs`: how long "auto" took to choose (0 when the student chose); `note`: what it did, in a sentence. */
  | { type: 'backend'; runId: string; backend: BackendName; measurements: BackendMeasurement[]; choosingMs?: number; note?: string; threads?: ThreadsUsed }
  /** A checkpoint was saved: how long it took the worker and how many bytes it holds (the bench). */
  | { type: 'checkpoint'; runId: string; epoch: number; ms: number; bytes: number }
  /** The run is held (true) after the step in progress, or going again (false). */
  | { type: 'paused'; runId: string; paused: boolean; step: number }
  /** With the worker's tf.memory() after the report, so a student sees it stay flat. */
  | { type: 'batch'; runId: string; report: BatchReport; memory: WorkerMemory }
  | { type: 'validation'; runId: string; report: ValidationReport }
  /** The trained layers and weights, as `tf.io` saves them; its weight buffer is transferred, not copied. */
  | { type: 'model'; runId: string; artifacts: io.ModelArtifacts }
  | { type: 'done'; runId: string; summary: RunSummary }
  | { type: 'fine-tune-step'; runId: string; step: number; steps: number; loss: number }
  /** The fine-tune's before/after; the new model's artifacts only when it is worth keeping (report.verdict 'keep'). */
  | { type: 'fine-tuned'; runId: string; report: FineTuneReport; artifacts?: io.ModelArtifacts }
  /** `divergence` when the run stopped because it diverged (trainer.ts, divergence.ts). */
  | { type: 'error'; runId: string; message: string; divergence?: Divergence };

/**
 * What postMessage should move rather than copy: a model's weights can be megabytes, and the
 * worker has no further use for them once sent.
 */
export function transferablesOf(event: WorkerEvent): ArrayBuffer[] {
  const artifacts = event.type === 'model' || event.type === 'fine-tuned' ? event.artifacts : undefined;
  if (artifacts?.weightData === undefined) return [];
  const data = artifacts.weightData;
  return data instanceof ArrayBuffer ? [data] : [...data];
}

/** Median and 95th percentile of timings (ms), for the prediction latency figures. */
export function summariseTimings(samples: readonly number[]): PredictionTiming {
  if (samples.length === 0) throw new RangeError('No timings to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const middle = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: sorted.length, medianMs: median, p95Ms: at(0.95) };
}
