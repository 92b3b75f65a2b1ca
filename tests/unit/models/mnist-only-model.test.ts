/**
 * The MNIST-only model (public/models/mnist-only) ships beside the default so the course can
 * show what real pen data adds. It must load like the default, and the two records must tell
 * the same story: the default's record keeps the MNIST-only figures and points at the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLayersModelFromDir } from '../../../scripts/lib/layers-model-files';

const MODELS = join(process.cwd(), 'public/models');
const record = (id: string) => JSON.parse(readFileSync(join(MODELS, id, 'training-record.json'), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the shipped MNIST-only model', () => {
  it('takes one 28×28 grey image and gives ten scores', async () => {
    const model = await loadLayersModelFromDir(tf, join(MODELS, 'mnist-only'));
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('has the figures the default model’s record quotes for it, and the records point at each other', () => {
    const mnistOnly = record('mnist-only');
    const quoted = record('default').mnistOnly as Record<string, unknown>;
    expect(quoted.savedIn).toBe('public/models/mnist-only/');
    expect(mnistOnly.comparedWith).toBe('public/models/default/');
    const { savedIn: _, ...figures } = quoted;
    expect(mnistOnly.mnistOnly).toEqual(figures);
    expect((mnistOnly.data as { penTrain: unknown }).penTrain).toBeNull();
    expect(mnistOnly.seed).toBe(record('default').seed);
  });
});
