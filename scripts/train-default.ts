/**
 * `npm run train:default`: trains the model the course ships (public/models/default/) and
 * writes down how. Training set: the 60,000 MNIST training images plus the pen digits of
 * writers 1–20 (pendigits-orig.tra), each rendered by toMnistInput — the drawing pad's own
 * code — once as drawn and three more times as new drawings made by stroke-level
 * augmentation (src/lib/pendigits/stroke-augment.ts: slant, width-to-height stretch, a slow
 * wobble, a faster pen, pen width 9–13%, small turns), so a few thousand pen digits weigh
 * against 60,000 scanned ones and vary the way people's writing varies. The shared
 * HANDWRITING-NOTES.md measured that real pen data from other people is what lifts reading
 * strangers' pen digits (96.5% → 98.9%), more than any augmentation.
 *
 * Every accuracy figure is on people the model never saw: MNIST's 10,000 test images and
 * the pen digits of writers 21–30. The same recipe is also trained on MNIST alone, same
 * seed, for the comparison the course shows; that model is shipped too
 * (public/models/mnist-only/, with its own record), so students can draw against both and
 * see the gap. Everything follows from the seed.
 *
 * Flags, for trying settings (the defaults are the shipped ones):
 *   --epochs N --seed N --shift PX --rotation DEG --scale X   the trainer's image augmentation
 *   --copies N            images per pen sample (as drawn + N − 1 stroke-augmented)
 *   --stroke-rotation DEG --stroke-shear X --stroke-stretch X --stroke-jitter X
 *   --stroke-resample P   (chance of a faster pen) --pen-widths LOW,HIGH
 *   --no-stroke-augment --repeats N   the first shipped recipe: the drawn images repeated N×
 *   --network wide|wider  the network (wider: 32@5×5, 64@3×3, dense 256)
 *   --validation          choose settings without writers 21–30: train on writers 1–15, score
 *                         writers 16–20 (nothing saved, no baseline)
 *   --no-save --no-baseline   (the default's record then quotes no MNIST-only figures)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import { MnistData, type ImageSet } from '../src/lib/data/mnist';
import { buildModel } from '../src/lib/model/build';
import type { ModelConfig } from '../src/lib/model/config';
import { TRAINING_RECIPES, WIDE_CNN } from '../src/lib/model/presets';
import {
  augmentedPenImageSet,
  concatImageSets,
  isHeldOutWriter,
  isTrainingWriter,
  penImageSet,
  writersOf,
  type WriterFilter,
} from '../src/lib/pendigits/dataset';
import type { StrokeAugmentOptions } from '../src/lib/pendigits/stroke-augment';
import { evaluate } from '../src/lib/train/evaluate';
import type { TrainOptions } from '../src/lib/train/options';
import { train } from '../src/lib/train/trainer';
import { loadLayersModelFromDir, saveLayersModel } from './lib/layers-model-files';
import { loadMnist, useWasmTrainingBackend } from './lib/node-training';
import { loadPenDigits } from './lib/pen-dataset';
import { scoreOnPenDigits, type PenScore } from './lib/pen-score';

/**
 * The shipped settings, chosen on writers 1–20 alone (--validation: train on writers 1–15,
 * score writers 16–20, 1,247 samples, seed 1), then scored once on writers 21–30. Run times (where
 * measured; `time`, 2 cores shared with other jobs, load 8–11):
 *   one epoch:
 *   drawn images repeated 4× (the first shipped recipe)   MNIST 99.16%, writers 16–20 97.83%
 *   as drawn + 3 stroke-augmented copies                    MNIST 99.19%, writers 16–20 98.32%  (2 min 15 s)
 *   as drawn + 7 stroke-augmented copies                    MNIST 99.22%, writers 16–20 98.40%
 *   + 3 copies, stronger strokes (--stroke-rotation 12 --stroke-shear 0.35 --stroke-stretch 0.2
 *     --stroke-jitter 0.02)                                 MNIST 99.16%, writers 16–20 98.16%  (3 min 9 s)
 *   three epochs (--epochs 3 --copies 4 --network wide, the model shipped before):
 *   as drawn + 3 stroke-augmented copies                    MNIST 99.48%, writers 16–20 98.64%, "1" 95.4%, "4" 96.2%  (7 min 13 s)
 *   as drawn + 7 stroke-augmented copies (--copies 8)       MNIST 99.43%, writers 16–20 98.96%, "1" 96.2%, "4" 97.7%  (7 min 59 s)
 *   quiet machine (load about 2), seed 1 unless said:
 *   wide,  4 epochs, 8 copies                               MNIST 99.43%, writers 16–20 99.04%, "1" 96.2% (1→7 ×5), "4" 96.9%  (3 min 9 s)
 *   wide,  4 epochs, 8 copies, seed 2                       MNIST 99.47%, writers 16–20 98.80%, "1" 95.4% (1→7 ×6), "3" 97.5%
 *   wide,  6 epochs, 8 copies                               MNIST 99.52%, writers 16–20 98.88%, "1" 95.4% (1→7 ×6)
 *   wide,  4 epochs, 12 copies                              MNIST 99.38%, writers 16–20 99.28%, "4" 96.9% (4→9 ×4)
 *   wide,  6 epochs, 12 copies                              MNIST 99.47%, writers 16–20 99.28%, "1" 96.9% (1→7 ×4)
 *   wider, 4 epochs, 8 copies (shipped)                     MNIST 99.44%, writers 16–20 99.20%, every digit ≥ 97.7% ("1"; 1→7 ×3)  (6 min 5 s)
 * Seeds alone move writers 16–20 by 0.24 points (three samples), so the rule was: the only setting that
 * met all three targets on writers 16–20 (MNIST ≥ 99.4%, ≥ 99.0% overall, every digit ≥ 97.5%) is shipped.
 * More pen copies read pen digits better and MNIST worse; more epochs the other way; the wider network
 * (32@5×5, 64@3×3, dense 256; 1.7 MB) was the one change that lifted the 1s without losing MNIST.
 * On writers 1–20, each recipe scored once on 21–30:
 *   wide, 3 epochs, 4 copies (shipped before)  MNIST 99.49%, writers 21–30 98.96% (2472/2498), lowest "9" 97.08% (233/240)
 *   wide, 3 epochs, 8 copies (not shipped)     MNIST 99.38%, writers 21–30 99.04% (2474/2498), lowest "1" 97.30% (252/259),
 *                                              "9" 97.50% (234/240), "8" 97.92%; 9→7 ×6, 1→7 ×4, 8→9 ×3 (mixed run 485 s)
 *   wide, 2 epochs, 4 copies                   MNIST 99.35%, writers 21–30 99.00%
 *   wider, 4 epochs, 8 copies (shipped)  MNIST 99.41%, writers 21–30 99.28% (2480/2498), lowest "1" 97.68% (253/259),
 *                                        "9" 98.33% (236/240); 1→7 ×4, 9→7 ×3, 8→9 ×2 (mixed run 423 s, quiet machine, one thread)
 */
/**
 * The wider CNN (32@5×5, 64@3×3, dense 256), not the course's faster default recipe: the
 * shipped model trains once, offline, where time is no object, and it has the capacity for
 * MNIST and pen digits together. Its recipe is the wide preset's (Adam 0.7/0.9, one-cycle to
 * 0.01, batch 256, label smoothing 0.1) for four epochs.
 */
/** --network wider: the wide CNN with more filters (32@5×5, 64@3×3, dense 256), about 1.7 MB of weights. */
const WIDER_CNN: ModelConfig = {
  name: 'Wider CNN',
  layers: WIDE_CNN.layers.map((layer) => (layer.type === 'conv' ? { ...layer, filters: layer.filters === 24 ? 32 : 64 } : layer)),
};
const NETWORKS: Record<string, ModelConfig> = { wide: WIDE_CNN, wider: WIDER_CNN };
const DEFAULTS = { seed: 1, epochs: 4, penRepeats: 4, maxShiftPixels: 2, maxRotationDegrees: 10, maxScale: 0.1, strokeCopies: 8, network: 'wider' };
/** Stroke-level augmentation of the pen digits before toMnistInput renders them (src/lib/pendigits/stroke-augment.ts). */
const STROKE_AUGMENT: StrokeAugmentOptions = {
  maxRotationDegrees: 8,
  maxShear: 0.25,
  maxStretch: 0.15,
  jitter: 0.015,
  resampleSpacing: [0.03, 0.08],
  resampleChance: 0.3,
  penWidthFraction: [0.09, 0.13],
};
/** Seeds the stroke augmentation apart from the trainer's seed sequence. */
const STROKE_SEED_OFFSET = 7919;
/** --validation: choose settings on writers 16–20 with 1–15 training; writers 21–30 stay unread. */
const VALIDATION_FIRST_WRITER = 16;
const WHY_THESE_SETTINGS =
  'Chosen without writers 21-30 (train on writers 1-15, score writers 16-20, seed 1), by one rule: ship the only ' +
  'setting that met all three targets there (MNIST test >= 99.4%, pen >= 99.0% overall, every digit >= 97.5%). ' +
  'The wider CNN (32@5x5, 64@3x3, dense 256), 4 epochs, each pen digit as drawn + 7 stroke-augmented copies: ' +
  'MNIST 99.44%, writers 16-20 99.20%, every digit >= 97.7%. The wide CNN (24@5x5, 32@3x3) missed on the 1s ' +
  '(1->7) or the 4s at every setting tried: 4 epochs with 8 copies 99.04% ("1" 96.2%), 6 epochs 98.88% ("1" ' +
  '95.4%), 12 copies 99.28% but MNIST 99.38% ("4" 96.9%), 6 epochs with 12 copies 99.28% ("1" 96.9%); seed 2 ' +
  'alone moved writers 16-20 by 0.24 points. Trainer augmentation as before (shift 2 px, rotation 10 deg, ' +
  'scale 10%), as HANDWRITING-NOTES.md advises for pen data.';
const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../public/models');
const OUTPUT_DIR = join(MODELS_DIR, 'default');
const MNIST_ONLY_DIR = join(MODELS_DIR, 'mnist-only');

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    epochs: { type: 'string' },
    repeats: { type: 'string' },
    shift: { type: 'string' },
    rotation: { type: 'string' },
    scale: { type: 'string' },
    copies: { type: 'string' },
    'stroke-rotation': { type: 'string' },
    'stroke-shear': { type: 'string' },
    'stroke-stretch': { type: 'string' },
    'stroke-jitter': { type: 'string' },
    'stroke-resample': { type: 'string' },
    'pen-widths': { type: 'string' },
    network: { type: 'string' },
    'no-stroke-augment': { type: 'boolean', default: false },
    validation: { type: 'boolean', default: false },
    'no-save': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
  },
});
const numberOr = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));
const chosenNetwork = NETWORKS[values.network ?? DEFAULTS.network];
if (!chosenNetwork) throw new Error(`--network must be one of ${Object.keys(NETWORKS).join(', ')}`);
const SHIPPED_NETWORK: ModelConfig = chosenNetwork;
const seed = numberOr(values.seed, DEFAULTS.seed);
const strokeAugment: StrokeAugmentOptions | null = values['no-stroke-augment']
  ? null
  : {
      maxRotationDegrees: numberOr(values['stroke-rotation'], STROKE_AUGMENT.maxRotationDegrees),
      maxShear: numberOr(values['stroke-shear'], STROKE_AUGMENT.maxShear),
      maxStretch: numberOr(values['stroke-stretch'], STROKE_AUGMENT.maxStretch),
      jitter: numberOr(values['stroke-jitter'], STROKE_AUGMENT.jitter),
      resampleSpacing: STROKE_AUGMENT.resampleSpacing,
      resampleChance: numberOr(values['stroke-resample'], STROKE_AUGMENT.resampleChance),
      penWidthFraction: values['pen-widths']
        ? (values['pen-widths'].split(',').map(Number) as [number, number])
        : STROKE_AUGMENT.penWidthFraction,
    };
// With stroke augmentation each pen sample is rendered `copies` times (as drawn, then augmented);
// without it the drawn images are repeated `repeats` times, as the first shipped model was trained.
const strokeCopies = numberOr(values.copies, DEFAULTS.strokeCopies);
const penRepeats = strokeAugment ? 1 : numberOr(values.repeats, DEFAULTS.penRepeats);
const validation = values.validation;
if (validation) values['no-save'] = true;
const trainsOn: WriterFilter = validation ? (writer) => writer < VALIDATION_FIRST_WRITER : isTrainingWriter;
const scoredOn: WriterFilter = validation ? (writer) => writer >= VALIDATION_FIRST_WRITER && isTrainingWriter(writer) : isHeldOutWriter;
const scoredName = validation ? 'pen 16–20' : 'pen 21–30';
const options: TrainOptions = {
  ...TRAINING_RECIPES.wide,
  epochs: numberOr(values.epochs, DEFAULTS.epochs),
  augment: {
    maxShiftPixels: numberOr(values.shift, DEFAULTS.maxShiftPixels),
    maxRotationDegrees: numberOr(values.rotation, DEFAULTS.maxRotationDegrees),
    maxScale: numberOr(values.scale, DEFAULTS.maxScale),
  },
  validationSize: 0,
  seed,
  reportEvery: 50,
};

const started = performance.now();
const mnist = loadMnist();
const penDigits = loadPenDigits();
const penTrain = strokeAugment
  ? augmentedPenImageSet(penDigits, { writers: trainsOn, copies: strokeCopies, augment: strokeAugment, seed: seed + STROKE_SEED_OFFSET })
  : penImageSet(penDigits, { writers: trainsOn });
const penHeldOut = penImageSet(penDigits, { writers: scoredOn });
const { loops } = await useWasmTrainingBackend(tf);
console.log(
  `MNIST ${mnist.train.count} train / ${mnist.test.count} test; pen ${validation ? 'writers 1–15' : 'writers 1–20'}: ` +
    `${penTrain.count} images × ${penRepeats}, ${scoredName}: ${penHeldOut.count} scored (rendered in ${seconds(started)} s); wasm kernels: ${loops}`,
);
console.log(`recipe: ${JSON.stringify(options)}`);
console.log(`stroke augmentation: ${strokeAugment ? `${strokeCopies} copies, ${JSON.stringify(strokeAugment)}` : 'none'}`);

interface RunFigures {
  trainingImages: number;
  steps: number;
  trainingSeconds: number;
  mnistTestAccuracy: number;
  heldOutPen: PenScore;
}

async function trainAndScore(name: string, trainSet: ImageSet): Promise<{ model: LayersModel; figures: RunFigures }> {
  const model = buildModel(tf, SHIPPED_NETWORK, { seed });
  const runStarted = performance.now();
  const result = await train(tf, model, new MnistData(trainSet, mnist.test), options, {
    onBatch: (r) => {
      if (r.step % 200 === 0 || r.step === r.totalSteps) {
        console.log(`  ${name}: step ${r.step}/${r.totalSteps} loss ${r.loss.toFixed(3)} ${Math.round(r.imagesPerSecond)} img/s`);
      }
    },
  });
  const trainingSeconds = Number(seconds(runStarted));
  const mnistTest = await evaluate(tf, model, mnist.test, { batchSize: 500 });
  const heldOutPen = await scoreOnPenDigits(tf, model, penHeldOut);
  const figures = { trainingImages: trainSet.count, steps: result.steps, trainingSeconds, mnistTestAccuracy: mnistTest.accuracy, heldOutPen };
  console.log(`${name}: ${result.steps} steps in ${trainingSeconds} s; MNIST test ${percent(mnistTest.accuracy)}, ${scoredName} ${percent(heldOutPen.accuracy)}`);
  return { model, figures };
}

const mixed = await trainAndScore('MNIST + pen', concatImageSets([{ set: mnist.train }, { set: penTrain, repeats: penRepeats }]));
printTable([['MNIST + pen', mixed.figures]]);
const heldOutData = { writers: writersOf(penDigits.filter((digit) => isHeldOutWriter(digit.writer))), samples: penHeldOut.count };
const saveDefault = (baselineFigures: RunFigures | null) => {
  const penTrainData = {
    source: 'UCI pendigits-orig.tra (Alpaydin & Alimoglu 1998, CC BY 4.0), rendered with toMnistInput',
    writers: writersOf(penDigits.filter((digit) => isTrainingWriter(digit.writer))),
    samples: penDigits.filter((digit) => isTrainingWriter(digit.writer)).length,
    images: penTrain.count * penRepeats,
    ...(strokeAugment
      ? { strokeAugment: { copies: strokeCopies, seed: seed + STROKE_SEED_OFFSET, options: strokeAugment, code: 'src/lib/pendigits/stroke-augment.ts' } }
      : { repeats: penRepeats }),
  };
  return saveWithRecord(mixed.model, OUTPUT_DIR, {
    data: { mnistTrain: mnist.train.count, penTrain: penTrainData, trainingImages: mixed.figures.trainingImages, heldOutPen: heldOutData },
    why: WHY_THESE_SETTINGS,
    mnistPlusPen: mixed.figures,
    mnistOnly: baselineFigures ? { ...baselineFigures, savedIn: 'public/models/mnist-only/' } : null,
  });
};
// Saved at once (a long baseline run that is stopped does not lose it), and again with the baseline's figures.
if (!values['no-save']) await saveDefault(null);
const baseline = values['no-baseline'] || validation ? null : await trainAndScore('MNIST only', mnist.train);

printTable([['MNIST + pen', mixed.figures], ...(baseline ? [['MNIST only', baseline.figures] as const] : [])]);

if (!values['no-save'] && baseline) {
  await saveDefault(baseline.figures);
  await saveWithRecord(baseline.model, MNIST_ONLY_DIR, {
    data: { mnistTrain: mnist.train.count, penTrain: null, trainingImages: baseline.figures.trainingImages, heldOutPen: heldOutData },
    why:
      'The default recipe and seed trained on MNIST alone, kept to show what real pen data adds: ' +
      'compare its held-out pen figures with public/models/default/training-record.json.',
    mnistOnly: baseline.figures,
    comparedWith: 'public/models/default/',
  });
}
mixed.model.dispose();
baseline?.model.dispose();
console.log(`total ${seconds(started)} s`);

/** Writes the model, checks the files read back to the same logits, and writes training-record.json beside them. */
async function saveWithRecord(
  model: LayersModel,
  dir: string,
  { data, why, ...figures }: { data: Record<string, unknown>; why: string } & Record<string, unknown>,
): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const files = await saveLayersModel(tf, model, dir);
  await checkReloadedModelAgrees(model, dir, penHeldOut);
  const record = {
    model: SHIPPED_NETWORK.name,
    layers: SHIPPED_NETWORK.layers,
    output:
      'model.json + weights.bin, tf.js layers format. The last layer is linear: the model outputs logits, ' +
      'so apply softmax to read probabilities (argmax is the same either way).',
    data,
    recipe: options,
    seed,
    why,
    durationSeconds: Number(seconds(started)),
    ...figures,
    files,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'training-record.json'), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`saved to ${dir}: model.json ${files.modelJsonBytes} B, weights.bin ${files.weightsBytes} B`);
}

/** Loads the files back and checks they give the same logits on the held-out pen digits. */
async function checkReloadedModelAgrees(model: LayersModel, dir: string, set: ImageSet): Promise<void> {
  const reloaded = await loadLayersModelFromDir(tf, dir);
  const difference = tf.tidy(() => {
    const images = tf.tensor4d(Float32Array.from(set.pixels, (value) => value / 255), [set.count, 28, 28, 1]);
    const original = model.predict(images) as tf.Tensor;
    const loaded = reloaded.predict(images) as tf.Tensor;
    return tf.max(tf.abs(tf.sub(original, loaded))).dataSync()[0] ?? Infinity;
  });
  reloaded.dispose();
  if (!(difference < 1e-5)) throw new Error(`The saved model's logits differ from the trained one's by ${difference}`);
  console.log(`reloaded from ${dir}: same logits on ${set.count} held-out pen digits (max difference ${difference})`);
}

function printTable(rows: readonly (readonly [string, RunFigures])[]): void {
  const header = ['', 'MNIST test', scoredName, ...Array.from({ length: 10 }, (_, digit) => `"${digit}"`)];
  const lines = rows.map(([name, figures]) => [
    name,
    percent(figures.mnistTestAccuracy),
    percent(figures.heldOutPen.accuracy),
    ...figures.heldOutPen.perDigit.map((accuracy) => percent(accuracy, 1)),
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => line[column]!.length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
  for (const [name, figures] of rows) {
    const pairs = figures.heldOutPen.topConfusions.map(({ actual, predicted, count }) => `${actual}→${predicted} ×${count}`);
    console.log(`${name}: top confusions ${pairs.join(', ')}`);
  }
}

function percent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
