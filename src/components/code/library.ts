/**
 * The names a code cell finds without importing anything: the course's own library, the
 * same functions the lessons run. Heavy ones load only when a cell uses them: `tf` (TF.js on
 * wasm with the course's training kernels), `data` (MNIST, from this browser's cache after
 * the first time), `Plot`. A cell gets its own copy of MNIST, so nothing it does to the
 * pixels reaches the lesson's other cells; the shipped models are fetched fresh each time.
 */
import * as augment from '../../lib/train/augment';
import { centreOfMass } from '../../lib/preprocess/centre-of-mass';
import { DEFAULT_PEN_WIDTH_FRACTION, MNIST_CENTRE_OF_MASS, MNIST_FIT_SIZE, MNIST_SIZE, toMnistInput } from '../../lib/preprocess/mnist-input';
import { rasterizeDrawing } from '../../lib/preprocess/rasterize';
import { inkBounds, scaleAndTranslate, type Drawing } from '../../lib/preprocess/strokes';
import { mulberry32 } from '../../lib/data/random';
import { MnistData, type ImageSet } from '../../lib/data/mnist';
import { builtInModel } from '../../lib/draw/built-in-models';
import { buildModel } from '../../lib/model/build';
import type { ModelConfig } from '../../lib/model/config';
import { inPlainWords } from '../../lib/model/edit';
import { presetChoice, writeModelChoice } from '../../lib/model/model-choice';
import { MODEL_PRESETS, TRAINING_RECIPES, type PresetName } from '../../lib/model/presets';
import { imagesToTensor, predictDigits } from '../../lib/model/predict';
import { inferShapes } from '../../lib/model/shapes';
import type { Tfjs } from '../../lib/model/tfjs';
import { validateModelConfig } from '../../lib/model/validate';
import { classificationLoss, labelsToTensor } from '../../lib/train/loss';
import { train as courseTrain, type TrainCallbacks } from '../../lib/train/trainer';
import type { TrainOptions } from '../../lib/train/options';
import { formatCount } from '../../lib/site/format';
import { withBase } from '../../lib/site/url';
import type { LayersModel } from '@tensorflow/tfjs';
import { fineTune } from '../../lib/samples/fine-tune';
import { DEFAULT_FINE_TUNE, replayBatches, splitHeldBack, type FineTuneOptions } from '../../lib/samples/fine-tune-plan';
import type { DigitSample } from '../../lib/samples/sample';
import { openSampleStore } from '../../lib/store/sample-store';
import type { LabelledImages } from '../../lib/train/evaluate';
import { loadMnistWithProgress } from '../dom/mnist-loader-ui';
import { safeLocalStorage } from '../dom/storage';
import { drawPadOf } from '../draw/draw-page';
import { loadTfjs } from '../draw/tf-runtime';

/** What a cell's library needs from the page while it runs. */
export interface CellIo {
  /** Adds a value to the cell's output, as `show` does. */
  show(value: unknown, label?: string): void;
  /** A line of text in the output. */
  print(...values: unknown[]): void;
  /** A temporary area for progress (MNIST loading). */
  scratch(): HTMLElement;
  status(message: string): void;
}

let tfReady: Promise<Tfjs> | undefined;

/** TF.js for code cells: the page's wasm backend (shared with the drawing pad) with the course's gradient kernels, so it can train. */
export function loadCellTf(): Promise<Tfjs> {
  tfReady ??= (async () => {
    const tf = await loadTfjs();
    const [{ registerFastGradients }, { registerWasmTrainingKernelsWithSimd }, { loadTrainingKernelsWasm }] = await Promise.all([
      import('../../lib/kernels/fast-gradients'),
      import('../../lib/kernels/register'),
      import('../../lib/kernels/wasm-bytes-browser'),
    ]);
    registerFastGradients();
    if (tf.getBackend() === 'wasm') await registerWasmTrainingKernelsWithSimd(await loadTrainingKernelsWasm());
    return tf;
  })().catch((error: unknown) => {
    tfReady = undefined;
    throw error;
  });
  return tfReady;
}

let dataCopy: Promise<MnistData> | undefined;

/** The cells' own copy of MNIST (47 MB of pixels, copied once per page). */
function loadCellData(io: CellIo): Promise<MnistData> {
  dataCopy ??= (async () => {
    const scratch = io.scratch();
    try {
      const { data } = await loadMnistWithProgress(scratch, io.status);
      const copy = (set: ImageSet): ImageSet => ({ ...set, pixels: set.pixels.slice(), labels: set.labels.slice() });
      return new MnistData(copy(data.train), copy(data.test));
    } finally {
      scratch.remove();
    }
  })().catch((error: unknown) => {
    dataCopy = undefined;
    throw error;
  });
  return dataCopy;
}

/** Names that need TF.js before the cell starts. */
const NEEDS_TF = new Set(['tf', 'buildModel', 'train', 'loadShippedModel', 'readDigit', 'imagesToTensor', 'classificationLoss', 'labelsToTensor', 'fineTune']);

/** The pure parts, ready at once. */
const PLAIN: Record<string, unknown> = {
  MODEL_PRESETS,
  TRAINING_RECIPES,
  validateModelConfig,
  inferShapes,
  augmentBatch: augment.augmentBatch,
  randomTransform: augment.randomTransform,
  transformImage: augment.transformImage,
  AUGMENT_LIMITS: augment.AUGMENT_LIMITS,
  toMnistInput,
  rasterizeDrawing,
  scaleAndTranslate,
  inkBounds,
  centreOfMass,
  MNIST_SIZE,
  MNIST_FIT_SIZE,
  MNIST_CENTRE_OF_MASS,
  DEFAULT_PEN_WIDTH_FRACTION,
  mulberry32,
  sampleDrawing,
  DEFAULT_FINE_TUNE,
  splitHeldBack,
  replayBatches,
  mySamples,
};

/**
 * The library for a cell that uses `uses`: everything plain, plus the heavy names it uses,
 * loaded now. `show`, `print` and `console` write to the cell's output.
 */
export async function libraryFor(uses: readonly string[], io: CellIo): Promise<Record<string, unknown>> {
  const used = new Set(uses);
  const library: Record<string, unknown> = { ...PLAIN, show: io.show, print: io.print, console: cellConsole(io), padDrawing, useInLesson4: (config: ModelConfig, preset?: PresetName) => useInLesson4(io, config, preset) };
  if ([...used].some((name) => NEEDS_TF.has(name))) {
    io.status('Loading TensorFlow.js…');
    const tf = await loadCellTf();
    Object.assign(library, tfLibrary(tf, used.has('train') ? await loadCellData(io) : undefined));
  }
  if (used.has('data')) library.data = await loadCellData(io);
  if (used.has('Plot')) library.Plot = await import('@observablehq/plot');
  return library;
}

function tfLibrary(tf: Tfjs, data: MnistData | undefined): Record<string, unknown> {
  return {
    tf,
    buildModel: (config: ModelConfig, options: { seed?: number } = {}) => buildModel(tf, config, { seed: options.seed ?? 1 }),
    imagesToTensor: (pixels: Float32Array, count: number) => imagesToTensor(tf, pixels, count),
    classificationLoss: (logits: Parameters<typeof classificationLoss>[1], labels: Parameters<typeof classificationLoss>[2], labelSmoothing = 0) =>
      classificationLoss(tf, logits, labels, labelSmoothing),
    labelsToTensor: (labels: Uint8Array) => labelsToTensor(tf, labels),
    /** The course's trainer for a short run: the default recipe's values, then yours. */
    train: (model: LayersModel, options: Partial<TrainOptions> = {}, callbacks: TrainCallbacks = {}) =>
      courseTrain(tf, model, data!, { ...TRAINING_RECIPES.default, validationSize: 1000, seed: 1, maxSteps: 50, ...options }, callbacks),
    loadShippedModel: (id = 'default') => {
      const model = builtInModel(id);
      if (!model) throw new RangeError(`There is no shipped model "${id}"; there are "default" and "mnist-only".`);
      return tf.loadLayersModel(withBase(model.path));
    },
    /** Lesson 8's fine-tune, in place on `model`: your samples beside MNIST images. */
    fineTune: (model: LayersModel, own: LabelledImages, mnist: LabelledImages, options: Partial<FineTuneOptions> = {}) => fineTune(tf, model, own, mnist, { ...DEFAULT_FINE_TUNE, ...options }),
    /** The digit a model reads in 784 pixels of 0..1, and its ten probabilities. */
    readDigit: async (model: LayersModel, pixels: Float32Array) => {
      const probabilities = Array.from(await predictDigits(tf, model, pixels, 1));
      const digit = probabilities.indexOf(Math.max(...probabilities));
      return { digit, probability: probabilities[digit]!, probabilities };
    },
  };
}

/** Lesson 3 → lesson 4: the same saved choice and the same sentences as the model builder. */
function useInLesson4(io: CellIo, config: ModelConfig, preset: PresetName = 'default'): boolean {
  if (!Object.hasOwn(MODEL_PRESETS, preset)) throw new RangeError(`The preset must be one of ${Object.keys(MODEL_PRESETS).join(', ')}; its recipe trains your model.`);
  const choice = { ...presetChoice(preset), config: structuredClone(config) };
  const refusal = writeModelChoice(safeLocalStorage(), choice);
  const note = document.createElement('p');
  note.dataset.testid = 'lesson4-choice';
  if (refusal.length > 0) {
    note.dataset.state = 'refused';
    note.className = 'cell-error';
    note.textContent = `Not saved for lesson 4: ${refusal.map(inPlainWords).join(' ')}`;
  } else {
    note.dataset.state = 'saved';
    note.textContent = `Saved for lesson 4: “${config.name}”, ${config.layers.length} layers, ${formatCount(inferShapes(config).parameters)} parameters; lesson 4 trains it with the recipe of the ${MODEL_PRESETS[preset].name} preset.`;
  }
  io.show(note);
  return refusal.length === 0;
}

/** The strokes on lesson 7's pad, or an empty drawing on other pages. */
function padDrawing(): Drawing {
  const root = document.querySelector<HTMLElement>('[data-draw-pad]');
  return (root ? drawPadOf(root)?.drawing() : undefined) ?? [];
}

/** The samples collected in lesson 8 (kept in this browser), oldest first; none when there is no store. */
async function mySamples(): Promise<DigitSample[]> {
  try {
    return (await (await openSampleStore(globalThis.indexedDB)).list()).samples;
  } catch {
    return [];
  }
}

/** A hand-drawn 7 in pad units (280 × 280), for when the pad is empty. */
function sampleDrawing(): Drawing {
  return [
    [{ x: 80, y: 70 }, { x: 130, y: 66 }, { x: 180, y: 64 }, { x: 205, y: 66 }],
    [{ x: 205, y: 66 }, { x: 180, y: 120 }, { x: 155, y: 170 }, { x: 135, y: 215 }, { x: 125, y: 240 }],
  ];
}

function cellConsole(io: CellIo): Pick<Console, 'log' | 'info' | 'warn' | 'error'> {
  const echo = (method: 'log' | 'info' | 'warn' | 'error') => (...values: unknown[]) => {
    io.print(...values);
    console[method](...values);
  };
  return { log: echo('log'), info: echo('info'), warn: echo('warn'), error: echo('error') };
}
