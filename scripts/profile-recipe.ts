/**
 * `npx tsx scripts/profile-recipe.ts [tutorial|default]`: where one training
 * step of a preset goes on the wasm backend in Node (tf.profile, per kernel),
 * with the course's own trainer pieces (model builder, loss, scheduled Adam).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastGradients } from '../src/lib/kernels/fast-gradients';
import { registerWasmTrainingKernelsWithSimd } from '../src/lib/kernels/register';
import { loadTrainingKernelsWasm } from '../src/lib/kernels/wasm-bytes-node';
import { buildModel } from '../src/lib/model/build';
import { logitsOf } from '../src/lib/model/predict';
import { MODEL_PRESETS, TRAINING_RECIPES, type PresetName } from '../src/lib/model/presets';
import { classificationLoss } from '../src/lib/train/loss';
import { createScheduledAdam } from '../src/lib/train/optimizer';

const preset = (process.argv[2] ?? 'default') as PresetName;
const recipe = TRAINING_RECIPES[preset];
await tf.setBackend('wasm');
const { loops } = await registerWasmTrainingKernelsWithSimd(await loadTrainingKernelsWasm());
if (!process.argv.includes('--stock-gradients')) registerFastGradients();
const model = buildModel(tf, MODEL_PRESETS[preset], { seed: 1 });
const optimizer = createScheduledAdam(tf, 0.001);
const batch = recipe.batchSize;
const x = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32') as tf.Tensor1D;
const step = () =>
  tf.tidy(() => {
    optimizer.minimize(() => classificationLoss(tf, logitsOf(tf, model, x, true), y, recipe.labelSmoothing), false);
  });
for (let i = 0; i < 3; i++) step();
const started = performance.now();
const steps = 10;
for (let i = 0; i < steps; i++) step();
const msPerStep = (performance.now() - started) / steps;
const profile = await tf.profile(step);
const byKernel = new Map<string, number>();
for (const kernel of profile.kernels) byKernel.set(kernel.name, (byKernel.get(kernel.name) ?? 0) + Number(kernel.kernelTimeMs));
console.log(`${preset}: batch ${batch}, loops ${loops}: ${msPerStep.toFixed(1)} ms a step, ${Math.round((batch / msPerStep) * 1000)} images/s`);
for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${name.padEnd(28)} ${ms.toFixed(1)} ms`);
