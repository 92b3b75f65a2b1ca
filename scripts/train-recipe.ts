/**
 * `npx tsx scripts/train-recipe.ts [preset] [--epochs N] [--batch N] [--seed N] [--lr X] [--shift PX] [--layers JSON] [--steps N] [--no-test]`:
 * trains a preset on the full MNIST training set in Node, on the wasm backend
 * with the course's kernels and trainer, then scores the 10,000 test images.
 * It prints images/s, training time and test accuracy: the quickest way to
 * compare recipes on this CPU path (the browser runs the same code). `--layers` swaps the
 * preset's layers for others (a JSON array of layer specs, checked like any model config)
 * and keeps the preset's training recipe.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src/lib/model/build';
import type { ModelConfig } from '../src/lib/model/config';
import { validateModelConfig } from '../src/lib/model/validate';
import { MODEL_PRESETS, TRAINING_RECIPES, type PresetName } from '../src/lib/model/presets';
import { evaluate } from '../src/lib/train/evaluate';
import { train } from '../src/lib/train/trainer';
import { loadMnist, useWasmTrainingBackend } from './lib/node-training';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string' },
    batch: { type: 'string' },
    seed: { type: 'string', default: '1' },
    lr: { type: 'string' },
    shift: { type: 'string' },
    layers: { type: 'string' },
    steps: { type: 'string' },
    'no-test': { type: 'boolean', default: false },
  },
});
const preset = (positionals[0] ?? 'default') as PresetName;
if (!(preset in MODEL_PRESETS)) throw new Error(`No preset "${preset}"; try ${Object.keys(MODEL_PRESETS).join(', ')}`);

const data = loadMnist();
const { loops } = await useWasmTrainingBackend(tf);

const recipe = TRAINING_RECIPES[preset];
const seed = Number(values.seed);
const options = {
  ...recipe,
  epochs: values.epochs ? Number(values.epochs) : recipe.epochs,
  batchSize: values.batch ? Number(values.batch) : recipe.batchSize,
  peakLearningRate: values.lr ? Number(values.lr) : recipe.peakLearningRate,
  augment: values.shift ? { maxShiftPixels: Number(values.shift), maxRotationDegrees: 0, maxScale: 0 } : recipe.augment,
  validationSize: 0,
  seed,
  reportEvery: 50,
  maxSteps: values.steps ? Number(values.steps) : undefined,
};
const config: ModelConfig = values.layers ? { name: `${preset} (custom layers)`, layers: JSON.parse(values.layers) } : MODEL_PRESETS[preset];
const problems = validateModelConfig(config);
if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
const model = buildModel(tf, config, { seed });
console.log(`${config.name}: ${model.countParams()} parameters · ${JSON.stringify(options)} · wasm kernels: ${loops}`);
const started = performance.now();
const cpuStarted = process.cpuUsage();
const result = await train(tf, model, data, options, {
  onBatch: (r) => {
    if (r.step % 200 === 0 || r.step === r.totalSteps) {
      console.log(`  step ${r.step}/${r.totalSteps} loss ${r.loss.toFixed(3)} acc ${(r.accuracy * 100).toFixed(1)}% ${Math.round(r.imagesPerSecond)} img/s`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
// CPU time of this process: close to the wall time of a quiet machine even when other work
// shares the cores (the wasm backend runs on one thread in Node), so recipes can be compared.
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const images = result.steps * options.batchSize;
console.log(
  `${config.name}: ${result.steps} steps in ${seconds.toFixed(1)} s (${Math.round(images / seconds)} images/s), ` +
    `${cpuSeconds.toFixed(1)} CPU-s (${Math.round(images / cpuSeconds)} images per CPU-second)`,
);
if (!values['no-test']) {
  const scored = await evaluate(tf, model, data.test, { batchSize: 500 });
  console.log(`test accuracy ${(scored.accuracy * 100).toFixed(2)}%, test loss ${scored.loss.toFixed(4)}`);
}
