/**
 * The shipped model (public/models/default) must load, take 28×28×1 input,
 * give 10 scores, and read real handwriting of people it never saw: a fixed
 * sample of the held-out writers (21–30), rendered by the same strokes → 28×28
 * code the drawing pad uses. The floor catches a broken model, a broken
 * preprocessing change or a model trained on the wrong data; the full figures
 * come from `npm run train:default` (training-record.json).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHeldOutWriter, penImageSet } from '../../../src/lib/pendigits/dataset';
import { loadLayersModelFromDir } from '../../../scripts/lib/layers-model-files';
import { loadPenDigits } from '../../../scripts/lib/pen-dataset';
import { scoreOnPenDigits } from '../../../scripts/lib/pen-score';

const MODEL_DIR = join(process.cwd(), 'public/models/default');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the shipped default model', () => {
  it('takes one 28×28 grey image and gives ten scores', async () => {
    const model = await loadLayersModelFromDir(tf, MODEL_DIR);
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('reads a fixed sample of 300 held-out pen digits (writers 21–30) at 95% or better', async () => {
    const heldOut = loadPenDigits().filter((sample) => isHeldOutWriter(sample.writer));
    // Every eighth held-out sample: all ten writers and all ten digits, the same on every run.
    const sample = heldOut.filter((_, index) => index % 8 === 0).slice(0, 300);
    expect(new Set(sample.map((s) => s.writer)).size).toBe(10);
    const model = await loadLayersModelFromDir(tf, MODEL_DIR);
    const score = await scoreOnPenDigits(tf, model, penImageSet(sample, { writers: isHeldOutWriter }));
    model.dispose();
    expect(score.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
