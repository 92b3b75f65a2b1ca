/**
 * Lesson 8's fine-tune in Node, for held-out pen writers: each writer's first N samples of
 * every digit (drawn through the pad's strokes → 28×28 code) fine-tune a shipped model the way
 * the page does (runFineTuneSession, on the wasm backend with the course's kernels), and the
 * before/after on their held-back samples and on the MNIST slice is printed.
 *
 *   npx tsx scripts/fine-tune-writers.ts --writers 28,21,22 [--model default] [--per-digit 10]
 *     [--lr 0.0005] [--replay 0.75] [--steps 60] [--layers all]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { toMnistInput } from '../src/lib/preprocess/mnist-input';
import { DEFAULT_FINE_TUNE, type FineTuneOptions } from '../src/lib/samples/fine-tune-plan';
import { runFineTuneSession, type SessionSample } from '../src/lib/samples/fine-tune-session';
import { pixelsToBytes } from '../src/lib/samples/sample';
import { loadMnist, useWasmTrainingBackend } from './lib/node-training';
import { loadPenDigits } from './lib/pen-dataset';

const { values } = parseArgs({
  options: {
    writers: { type: 'string', default: '28,21,22' },
    model: { type: 'string', default: 'default' },
    'per-digit': { type: 'string', default: '10' },
    lr: { type: 'string' },
    replay: { type: 'string' },
    steps: { type: 'string' },
    layers: { type: 'string' },
  },
});
const options: FineTuneOptions = {
  ...DEFAULT_FINE_TUNE,
  ...(values.lr ? { learningRate: Number(values.lr) } : {}),
  ...(values.replay ? { replayShare: Number(values.replay) } : {}),
  ...(values.steps ? { steps: Number(values.steps) } : {}),
  ...(values.layers ? { layers: values.layers as FineTuneOptions['layers'] } : {}),
};
const perDigit = Number(values['per-digit']);

await useWasmTrainingBackend(tf);
const data = loadMnist();
const pen = loadPenDigits();
const json = JSON.parse(readFileSync(`public/models/${values.model}/model.json`, 'utf8'));
const weights = readFileSync(`public/models/${values.model}/weights.bin`);
console.log(`model ${values.model}, ${perDigit} samples of each digit, ${JSON.stringify(options)}`);
for (const writer of values.writers!.split(',').map(Number)) {
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }),
  );
  // In the order the collect pad asks for them: 0–9, round after round.
  const byDigit = Array.from({ length: 10 }, (_, digit) => pen.filter((s) => s.writer === writer && s.label === digit));
  const samples: SessionSample[] = [];
  for (let round = 0; round < perDigit; round++) {
    for (let digit = 0; digit <= 9; digit++) {
      const sample = byDigit[digit]![round];
      if (sample) samples.push({ id: `w${writer}-${digit}-${round}`, digit, pixels: pixelsToBytes(toMnistInput(sample.strokes).pixels) });
    }
  }
  const started = performance.now();
  const report = await runFineTuneSession(tf, model, samples, { train: data.train, test: data.test }, options);
  const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
  console.log(
    `writer ${writer}: ${report.ownSamples} samples, ${report.heldBack.length} held back · own ${percent(report.before.own)} → ${percent(report.after.own)} · ` +
      `MNIST slice (${report.mnistSlice}) ${percent(report.before.mnist, 2)} → ${percent(report.after.mnist, 2)} · ${report.verdict} · ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  model.dispose();
}
