/**
 * Lesson 5's evaluation worker: scores one model on the 10,000 MNIST test images (and the
 * held-out pen writers) in batches, off the page's thread, reporting progress. The test set
 * comes from the page once; the pen samples are fetched here and rendered with the pad's
 * own strokes → 28×28 code. Runs may overlap (lesson 5 compares two models); a cancel stops one between two batches.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { gunzip, isGzip } from '../lib/data/gzip';
import { loadDigitModel } from '../lib/eval/digit-model-source';
import { evalTransferables, type EvalEvent, type EvalRequest, type PenScores, type ScoreRequest } from '../lib/eval/protocol';
import { scoreImages, ScoringCancelled, type ImagesToScore } from '../lib/eval/score';
import type { ScoredSet } from '../lib/eval/scored-set';
import { isHeldOutWriter, penImageSet } from '../lib/pendigits/dataset';
import { parseUnipen } from '../lib/pendigits/unipen';
import { switchBackend } from '../lib/train/backend';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

interface PenSet extends ImagesToScore {
  writers: Uint8Array;
}

let test: ImagesToScore | undefined;
let pen: Promise<PenSet> | undefined;
let backendReady: Promise<void> | undefined;
const cancelled = new Set<string>();

const post = (event: EvalEvent): void => postMessage(event, { transfer: evalTransferables(event) });

addEventListener('message', (message: MessageEvent<EvalRequest>) => {
  const request = message.data;
  if (request.type === 'cancel') {
    cancelled.add(request.runId);
    return;
  }
  run(request).catch((error: unknown) => {
    if (error instanceof ScoringCancelled) post({ type: 'cancelled', runId: request.runId });
    else post({ type: 'error', runId: request.runId, message: error instanceof Error ? error.message : String(error) });
  }).finally(() => cancelled.delete(request.runId));
});

async function run(request: ScoreRequest): Promise<void> {
  const { runId } = request;
  if (request.test) test = request.test;
  if (!test) throw new Error('The worker has no test images yet.');
  const testSet = test;
  const shouldStop = () => cancelled.has(runId);
  post({ type: 'progress', runId, phase: 'loading', done: 0, total: 1 });
  backendReady ??= startBackend();
  await backendReady;
  const loaded = await loadDigitModel(tf, request.model);
  let scored: ScoredSet;
  let penScores: PenScores | undefined;
  let penError: string | undefined;
  const parameters = loaded.model.countParams();
  try {
    scored = await scoreImages(tf, loaded.model, loaded.spec, loaded.pixelScale, testSet, {
      shouldStop,
      onProgress: (done, total) => post({ type: 'progress', runId, phase: 'mnist', done, total }),
    });
    const penSet = request.penUrl ? await loadPen(request.penUrl).catch((error: unknown) => {
      // Offline, say: the MNIST figures still stand; the page says why there are no pen figures.
      penError = error instanceof Error ? error.message : String(error);
      return undefined;
    }) : undefined;
    if (penSet) {
      const penScored = await scoreImages(tf, loaded.model, loaded.spec, loaded.pixelScale, penSet, {
        shouldStop,
        onProgress: (done, total) => post({ type: 'progress', runId, phase: 'pen', done, total }),
      });
      penScores = { scored: penScored, pixels: penSet.pixels.slice(), writers: penSet.writers.slice() };
    }
  } finally {
    loaded.model.dispose();
  }
  post({ type: 'done', runId, test: scored, pen: penScores, penError, parameters, tensorsLeft: tf.memory().numTensors });
}

/** Single-threaded wasm (scoring is many small batches; threads would fight the page), else cpu. */
async function startBackend(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await switchBackend(tf, 'wasm')) && !(await switchBackend(tf, 'cpu'))) {
    throw new Error('TensorFlow.js could not start in this browser.');
  }
}

function loadPen(url: string): Promise<PenSet> {
  pen ??= (async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`The pen samples could not be downloaded (${response.status}).`);
    // A host that sends the .gz with Content-Encoding: gzip has the browser decompress it already.
    const bytes = new Uint8Array(await response.arrayBuffer());
    const samples = parseUnipen(new TextDecoder().decode(isGzip(bytes) ? await gunzip(bytes) : bytes));
    const held = samples.filter((sample) => isHeldOutWriter(sample.writer));
    const set = penImageSet(held, { writers: isHeldOutWriter });
    return { ...set, writers: Uint8Array.from(held, (sample) => sample.writer) };
  })().catch((error: unknown) => {
    pen = undefined;
    throw error;
  });
  return pen;
}
