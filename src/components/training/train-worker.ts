/**
 * The training worker: the only place a model trains, so the page never
 * freezes. It loads MNIST (from the browser's IndexedDB after the first
 * time), picks the backend, trains with src/lib/train, and reports through
 * the protocol in src/lib/train/protocol.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { loadMnist } from '../../lib/data/loader';
import type { MnistData } from '../../lib/data/mnist';
import { registerFastGradients } from '../../lib/kernels/fast-gradients';
import { fusedLayerCount, fusedTrainingAvailable } from '../../lib/kernels/fused-training';
import { registerWasmTrainingKernelsWithSimd, useOurConvolutionsForInference } from '../../lib/kernels/register';
import { loadSharedTrainingKernelsWasm, loadTrainingKernelsWasm } from '../../lib/kernels/wasm-bytes-browser';
import { createBrowserKernelThreadPool } from '../../lib/kernels/kernel-threads-browser';
import { liftXnnpackThreadCap, trainingThreads, type TrainingThreads } from '../../lib/kernels/thread-count';
import { modelToArtifacts } from '../../lib/model/artifacts';
import { buildModel } from '../../lib/model/build';
import { logitsOf, predictDigits } from '../../lib/model/predict';
import { classificationLoss } from '../../lib/train/loss';
import { steadyImagesPerSecond } from '../../lib/train/steady-speed';
import { autoCandidates, PROBE_BUDGET_MS, pickFastestBackend, switchBackend, type BackendMeasurement, type BackendName } from '../../lib/train/backend';
import { openCheckpointStore } from '../../lib/store/checkpoint-store';
import { restoreCheckpoint, takeCheckpoint, type Checkpoint } from '../../lib/train/checkpoint';
import { evaluate } from '../../lib/train/evaluate';
import { summariseTimings, transferablesOf, type RunSummary, type ThreadsUsed, type TrainRequest, type WorkerEvent, type WorkerRequest } from '../../lib/train/protocol';
import { train, TrainingError, type BatchReport, type EpochEndState, type ValidationReport } from '../../lib/train/trainer';
import { runFineTuneJob } from './fine-tune-job';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

// Faster batch-norm and matrix-product gradients (same numbers as the stock ones).
registerFastGradients();

const PROBE_STEPS = 6;
const stopped = new Set<string>();
/** Runs held by "pause": the promise the trainer waits on, and how to let it go. */
const paused = new Map<string, { held: Promise<void>; release: () => void }>();
let lastStep = 0;
let kernelLoops: string | undefined;
let fusedMultiplyAdd = false;
let dataPromise: Promise<MnistData> | undefined;

const post = (event: WorkerEvent): void => postMessage(event, { transfer: transferablesOf(event) });

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'fine-tune') {
    runFineTuneJob(request, {
      data: () => mnistData(request.dataUrl),
      backend: async () => {
        if (request.wasmThreads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        if (await useBackend('wasm')) return 'wasm';
        if (await useBackend('cpu')) return 'cpu';
        throw new Error('This browser can run neither the wasm nor the cpu backend.');
      },
      post,
      shouldStop: () => stopped.has(request.runId),
    })
      .catch((error: unknown) => post({ type: 'error', runId: request.runId, message: error instanceof Error ? error.message : String(error) }))
      .finally(() => stopped.delete(request.runId));
    return;
  }
  if (request.type !== 'train') {
    control(request.type, request.runId);
    return;
  }
  run(request).catch((error: unknown) => {
    const divergence = error instanceof TrainingError ? error.divergence : undefined;
    post({ type: 'error', runId: request.runId, message: error instanceof Error ? error.message : String(error), divergence });
  });
});

function control(type: 'stop' | 'pause' | 'resume', runId: string): void {
  if (type === 'stop') stopped.add(runId);
  if (type === 'pause' && !paused.has(runId)) {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    paused.set(runId, { held, release });
    // Said once the step in progress is done: the loop waits in whilePaused from then on.
    return;
  }
  if (type === 'resume' || type === 'stop') {
    const hold = paused.get(runId);
    if (!hold) return;
    paused.delete(runId);
    hold.release();
  }
}

async function run(request: TrainRequest): Promise<void> {
  const { runId } = request;
  const status = (message: string) => post({ type: 'status', runId, message });

  status('Loading MNIST…');
  const data = await mnistData(request.dataUrl);

  chooseThreads(request.wasmThreads, request.xnnpackThreads);
  status('Choosing where to compute…');
  const backend = await chooseBackend(request, data);
  restoreCoreCount();
  status(`Training on ${backend}…`);

  const model = buildModel(tf, request.model, { seed: request.modelSeed });
  let pausedMs = 0;
  lastStep = request.resume?.step ?? 0;
  // The curves so far, for the checkpoint (a resumed run starts from the checkpoint's).
  const batches: BatchReport[] = [...(request.resume?.curves.batches ?? [])];
  const validations: ValidationReport[] = [...(request.resume?.curves.validations ?? [])];
  const start = request.resume ? restoreCheckpoint(tf, model, request.resume) : undefined;
  const checkpoints = request.checkpoints ? await openCheckpointStore().catch(() => undefined) : undefined;
  const saveCheckpoint = async (state: EpochEndState) => {
    if (!checkpoints) return;
    const began = performance.now();
    const { type: _type, runId: _runId, resume: _resume, ...asked } = request;
    const checkpoint: Checkpoint = await takeCheckpoint(model, state, {
      runId,
      request: asked,
      totalSteps: batches.at(-1)?.totalSteps ?? 0,
      curves: { batches, validations },
    });
    await checkpoints.write(checkpoint).catch(() => undefined); // a full disk loses the checkpoint, not the run
    const bytes = [...checkpoint.weights, ...checkpoint.optimizer].reduce((sum, w) => sum + w.values.byteLength, 0);
    post({ type: 'checkpoint', runId, epoch: state.epoch, ms: performance.now() - began, bytes });
  };
  try {
    const started = performance.now();
    let firstReport: { step: number; at: number } | undefined;
    let pausedAtFirstReport = 0;
    const result = await train(tf, model, data, request.options, {
      onBatch: (report) => {
        if (!firstReport) {
          firstReport = { step: report.step, at: performance.now() };
          pausedAtFirstReport = pausedMs;
        }
        lastStep = report.step;
        batches.push(report);
        post({ type: 'batch', runId, report, memory: workerMemory() });
      },
      onEpoch: (report) => {
        validations.push(report);
        post({ type: 'validation', runId, report });
      },
      onValidation: (report) => {
        validations.push(report);
        post({ type: 'validation', runId, report });
      },
      onEpochEnd: saveCheckpoint,
      shouldStop: () => stopped.has(runId),
      whilePaused: () => {
        const hold = paused.get(runId);
        if (!hold) return undefined;
        const since = performance.now();
        post({ type: 'paused', runId, paused: true, step: lastStep });
        return hold.held.then(() => {
          pausedMs += performance.now() - since;
          post({ type: 'paused', runId, paused: false, step: lastStep });
        });
      },
    }, start);
    start?.dispose();
    const endedAt = performance.now();
    const trainSeconds = (endedAt - started - pausedMs) / 1000 + (request.resume ? resumedSeconds(request.resume) : 0);
    const summary: RunSummary = {
      backend,
      kernelLoops: backend === 'wasm' ? kernelLoops : undefined,
      fusedMultiplyAdd: backend === 'wasm' ? fusedMultiplyAdd : undefined,
      fusedLayers: fusedTrainingAvailable(tf) ? fusedLayerCount(model) : 0,
      wasmThreads: backend === 'wasm' ? getThreadsCount() : undefined,
      kernelThreads: backend === 'wasm' ? kernelThreads : undefined,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      steps: result.steps,
      stopped: result.stopped,
      trainSeconds,
      imagesPerSecond: (result.steps * request.options.batchSize) / trainSeconds,
      steadyImagesPerSecond: steadyImagesPerSecond({
        firstReport,
        lastStep: result.steps,
        endedAt,
        batchSize: request.options.batchSize,
        pausedMs: pausedMs - pausedAtFirstReport,
      }),
    };
    if (request.evaluateOnTest) {
      status('Scoring the 10,000 test images…');
      const scored = await evaluate(tf, model, data.test, { batchSize: 500 });
      summary.testAccuracy = scored.accuracy;
      summary.testLoss = scored.loss;
    }
    if (request.measurePredictions) summary.predictions = await timePredictions(model, data, request.measurePredictions);
    if (request.profileStep) summary.stepProfile = await profileStep(model, request.options.batchSize);
    if (request.returnModel) post({ type: 'model', runId, artifacts: await modelToArtifacts(tf, model) });
    // Cleared before 'done': the page ends this worker as soon as it hears it.
    await checkpoints?.clear().catch(() => undefined);
    post({ type: 'done', runId, summary });
  } finally {
    start?.dispose();
    model.dispose();
    stopped.delete(runId);
    paused.delete(runId);
    // The run is over, one way or another: nothing is left to continue.
    await checkpoints?.clear().catch(() => undefined);
  }
}

/** MNIST, loaded once per worker (from the browser's cache after the first time). */
function mnistData(dataUrl: string): Promise<MnistData> {
  dataPromise ??= loadMnist({ baseUrl: dataUrl }).then((result) => result.data);
  return dataPromise.catch((error: unknown) => {
    dataPromise = undefined;
    throw error;
  });
}

/** Training time before the checkpoint, from its reports' speeds, so the result counts the whole run. */
function resumedSeconds(checkpoint: Checkpoint): number {
  const { batches } = checkpoint.curves;
  const batchSize = checkpoint.request.options.batchSize;
  let seconds = 0;
  let previousStep = 0;
  for (const report of batches) {
    seconds += ((report.step - previousStep) * batchSize) / Math.max(1, report.imagesPerSecond);
    previousStep = report.step;
  }
  return seconds;
}

function workerMemory() {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

async function chooseBackend(request: TrainRequest, data: MnistData): Promise<BackendName> {
  if (request.backend !== 'auto') {
    if (!(await useBackend(request.backend))) throw new Error(`This browser cannot run the ${request.backend} backend.`);
    post({ type: 'backend', runId: request.runId, backend: request.backend, measurements: [], choosingMs: 0, threads: threadsUsed(request.backend) });
    return request.backend;
  }
  const choosing = performance.now();
  const { candidates, skipped } = autoCandidates(webglRenderer());
  let backend: BackendName;
  let measurements: BackendMeasurement[];
  if (candidates.length === 1 && (await useBackend(candidates[0]!))) {
    // Nothing to compare: the answer is known, so no probe at all.
    backend = candidates[0]!;
    measurements = [{ backend }, ...skipped];
  } else {
    // Register our kernels first, so the wasm candidate is measured with them.
    await useBackend('wasm');
    const pick = await pickFastestBackend(tf, candidates, () => probeSpeed(request, data));
    backend = pick.backend;
    measurements = [...pick.measurements, ...skipped];
  }
  const choosingMs = performance.now() - choosing;
  post({ type: 'backend', runId: request.runId, backend, measurements, choosingMs, note: choiceNote(backend, measurements, choosingMs), threads: threadsUsed(backend) });
  return backend;
}

/** Images per second of a few real steps of this very model, within PROBE_BUDGET_MS. */
async function probeSpeed(request: TrainRequest, data: MnistData): Promise<number> {
  const probe = buildModel(tf, request.model, { seed: request.modelSeed });
  try {
    // The first step compiles shaders / warms caches; time the rest.
    const quick = { ...request.options, validationSize: 0, evaluateEvery: undefined, trainingShare: undefined };
    await train(tf, probe, data, { ...quick, maxSteps: 1 });
    const warm = performance.now();
    const timed = await train(tf, probe, data, { ...quick, maxSteps: PROBE_STEPS }, {
      shouldStop: () => performance.now() - warm > PROBE_BUDGET_MS,
    });
    return (Math.max(1, timed.steps) * request.options.batchSize) / ((performance.now() - warm) / 1000);
  } finally {
    probe.dispose();
  }
}

function choiceNote(backend: BackendName, measurements: BackendMeasurement[], ms: number): string {
  const timed = measurements.filter((m) => m.imagesPerSecond !== undefined);
  const skipped = measurements.filter((m) => m.error !== undefined).map((m) => `${m.backend}: ${m.error}`);
  const measured = timed.length > 0 ? `measured ${timed.map((m) => `${m.backend} ${Math.round(m.imagesPerSecond!)} images/s`).join(', ')}` : 'nothing timed';
  return `auto chose ${backend} in ${(ms / 1000).toFixed(1)} s (${[measured, ...skipped].join('; ')}).`;
}

/** The WebGL renderer's name ("… SwiftShader …"), or null when this worker has no WebGL. */
function webglRenderer(): string | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

/** Switches backend; on wasm, also registers the gradient kernels that make it train. */
async function useBackend(name: BackendName): Promise<boolean> {
  const switched = await switchBackend(tf, name);
  if (name === 'wasm') restoreCoreCount(); // the wasm module has read it as it started
  if (!switched) return false;
  if (name === 'wasm' && kernelLoops === undefined) {
    const [plain, shared] = await Promise.all([loadTrainingKernelsWasm(), loadSharedTrainingKernelsWasm()]);
    const registered = await registerWasmTrainingKernelsWithSimd(plain, shared, {
      threads: threads?.kernels,
      startThreads: createBrowserKernelThreadPool,
    });
    kernelLoops = registered.loops;
    fusedMultiplyAdd = registered.fusedMultiplyAdd;
    // XNNPACK keeps one thread here: the worker's predictions (validation, test) run our conv on ours.
    if (registered.loops !== 'js') useOurConvolutionsForInference();
    kernelThreads = registered.threads;
  }
  return true;
}

// ---- Threads (issue 19): every core for our kernels where the page is isolated, one for XNNPACK.
let threads: TrainingThreads | undefined;
let kernelThreads = 1;

/** Decided by the first request: the wasm backend reads it once, when it starts. */
function chooseThreads(requested: number | undefined, xnnpackRequested: number | undefined): void {
  if (threads) return;
  threads = trainingThreads(requested, navigator.hardwareConcurrency, globalThis.crossOriginIsolated === true, xnnpackRequested);
  if (threads.singleThreadedBuild) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else setThreadsCount(threads.xnnpack);
  if (threads.xnnpack > 1) restoreCoreCount = liftXnnpackThreadCap(navigator, threads.xnnpack);
}
let restoreCoreCount = () => {};

function threadsUsed(backend: BackendName): ThreadsUsed | undefined {
  return backend === 'wasm' ? { kernels: kernelThreads, xnnpack: getThreadsCount() } : undefined;
}

/** Forward and backward of one batch of random images, per kernel (the optimizer's update is left out). */
async function profileStep(model: import('@tensorflow/tfjs').LayersModel, batchSize: number) {
  const images = tf.randomUniform([batchSize, 28, 28, 1]) as import('@tensorflow/tfjs').Tensor4D;
  const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % 10), 'int32');
  const variables = model.trainableWeights.map((w) => w.read() as import('@tensorflow/tfjs').Variable);
  const step = () => tf.tidy(() => void tf.variableGrads(() => classificationLoss(tf, logitsOf(tf, model, images, true), labels, 0.1), variables));
  let profile: Awaited<ReturnType<typeof tf.profile>>;
  try {
    step();
    profile = await tf.profile(step);
  } finally {
    tf.dispose([images, labels]);
  }
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const kernel of profile.kernels) {
    // Custom-gradient ops (our fused ones among them) appear too, around the kernels they run.
    if (tf.getKernel(kernel.name, tf.getBackend()) === undefined) continue;
    const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(kernel.kernelTimeMs);
    entry.calls += 1;
    byKernel.set(kernel.name, entry);
  }
  return [...byKernel].map(([kernel, { ms, calls }]) => ({ kernel, ms: Math.round(ms * 100) / 100, calls })).sort((a, b) => b.ms - a.ms);
}

async function timePredictions(model: import('@tensorflow/tfjs').LayersModel, data: MnistData, count: number) {
  const samples: number[] = [];
  const image = new Float32Array(28 * 28);
  for (let i = 0; i < count + 5; i++) {
    const pixels = data.image('test', i % data.test.count);
    for (let p = 0; p < image.length; p++) image[p] = pixels[p]! / 255;
    const started = performance.now();
    await predictDigits(tf, model, image, 1);
    if (i >= 5) samples.push(performance.now() - started); // the first few warm up
  }
  return summariseTimings(samples);
}
