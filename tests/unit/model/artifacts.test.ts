import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { modelFromArtifacts, modelToArtifacts } from '../../../src/lib/model/artifacts';
import { buildModel } from '../../../src/lib/model/build';
import { predictDigits } from '../../../src/lib/model/predict';
import { BATCH_NORM_CNN, DEFAULT_RECIPE } from '../../../src/lib/model/presets';
import { openModelStore } from '../../../src/lib/store/model-store';
import { mulberry32 } from '../../../src/lib/data/random';
import { disposedAfterAll } from './tensor-leaks';
import { cpuTf } from './tf-cpu';

const tf = await cpuTf();
const keep = disposedAfterAll(tf);

const random = mulberry32(7);
const images = Float32Array.from({ length: 3 * 784 }, () => random());


describe('modelToArtifacts / modelFromArtifacts', () => {
  it('hands over the layers and all weights as one ArrayBuffer', async () => {
    const model = keep(buildModel(tf, DEFAULT_RECIPE, { seed: 3 }));
    const artifacts = await modelToArtifacts(tf, model);
    expect(artifacts.weightData).toBeInstanceOf(ArrayBuffer);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(model.countParams() * 4);
    expect(artifacts.weightSpecs?.map((spec) => spec.name)).toEqual(model.weights.map((weight) => weight.originalName));
  });

  it.each([
    ['the default recipe', DEFAULT_RECIPE],
    ['a batch-norm CNN (moving statistics too)', BATCH_NORM_CNN],
  ])('gives back %s that predicts exactly the same', async (_, config) => {
    const model = keep(buildModel(tf, config, { seed: 5 }));
    const restored = keep(await modelFromArtifacts(tf, await modelToArtifacts(tf, model)));
    expect(restored).not.toBe(model);
    expect(await predictDigits(tf, restored, images, 3)).toEqual(await predictDigits(tf, model, images, 3));
  });

  it('survives a trip through the model store (IndexedDB) unchanged', async () => {
    const model = keep(buildModel(tf, DEFAULT_RECIPE, { seed: 9 }));
    const store = await openModelStore(new IDBFactory(), 'artifacts-trip');
    const { id } = await store.save({ name: 'trip', source: 'trained', pixelScale: 'unit', artifacts: await modelToArtifacts(tf, model) });
    const restored = keep(await modelFromArtifacts(tf, (await store.get(id))!.artifacts));
    expect(await predictDigits(tf, restored, images, 3)).toEqual(await predictDigits(tf, model, images, 3));
  });
});
