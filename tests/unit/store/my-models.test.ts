import { describe, expect, it } from 'vitest';
import { memoryModelStore } from '../../../src/lib/store/model-store';
import { BUILT_IN_MODELS } from '../../../src/lib/draw/built-in-models';
import { readDetails } from '../../../src/lib/store/model-records';
import { emptyListText, modelRows, shippedRows } from '../../../src/lib/store/my-models';

const artifacts = () => ({
  modelTopology: { class_name: 'Sequential', config: { layers: [] } },
  weightSpecs: [{ name: 'w', shape: [4], dtype: 'float32' as const }],
  weightData: new Float32Array([1, 2, 3, 4]).buffer,
});

describe('My models: the rows', () => {
  it('lists each model with when, network, epochs, accuracy and size, and marks the pad’s', async () => {
    const store = memoryModelStore();
    const trained = await store.save({
      name: 'Tutorial CNN, 91.3%, 1 Dec 09:05',
      source: 'trained',
      pixelScale: 'unit',
      details: { recipe: 'Tutorial CNN', epochs: 1, testAccuracy: 0.913 },
      artifacts: artifacts(),
    });
    const uploaded = await store.save({ name: 'keras', source: 'uploaded', pixelScale: 'byte', artifacts: artifacts() });
    const rows = modelRows(await store.listEntries(), trained.id);
    expect(rows.map((r) => r.id)).toEqual([uploaded.id, trained.id]); // newest first
    expect(rows[1]).toMatchObject({ name: 'Tutorial CNN, 91.3%, 1 Dec 09:05', network: 'Tutorial CNN', epochs: '1', accuracy: '91.30%', size: '16 B', inUse: true, damaged: false });
    expect(rows[1]!.when).toMatch(/^\d+ [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/);
    expect(rows[0]).toMatchObject({ network: 'uploaded', epochs: '–', accuracy: '–', inUse: false });
  });

  it('a fine-tuned model says what it was fine-tuned from, and its record survives the store, while a partial record is dropped', async () => {
    const store = memoryModelStore();
    const fineTune = { baseModel: 'default', baseName: 'Shipped model', ownSamples: 50, heldBack: 10, replayShare: 0.5, layers: 'all' as const, mnistSlice: 2000, before: { own: 0.8, mnist: 0.99 }, after: { own: 1, mnist: 0.99 } };
    const info = await store.save({ name: 'mine', source: 'trained', pixelScale: 'unit', details: { recipe: 'Wide CNN', fineTune }, artifacts: artifacts() });
    expect((await store.get(info.id))!.details!.fineTune).toEqual(fineTune);
    expect(modelRows(await store.listEntries(), null)[0]!.network).toBe('Wide CNN, fine-tuned on 50 of your digits from “Shipped model”');
    const fromShipped = await store.save({ name: 'mine 2', source: 'trained', pixelScale: 'unit', details: { fineTune }, artifacts: artifacts() });
    expect(modelRows(await store.listEntries(), null).find((row) => row.id === fromShipped.id)!.network).toBe('fine-tuned on 50 of your digits from “Shipped model”');
    expect(readDetails({ fineTune: { ...fineTune, after: { own: 1 } } })).toEqual({});
    expect(readDetails({ fineTune: { ...fineTune, layers: 'some' } })).toEqual({});
  });

  it('a damaged record is a row of its own, with its problem, and never hides the others', () => {
    const rows = modelRows([{ kind: 'damaged', id: 'model-x', name: 'half-written', problem: 'The saved model "half-written" is damaged …' }], 'model-x');
    expect(rows).toEqual([{ id: 'model-x', name: 'half-written', damaged: true, when: '', network: '', epochs: '', accuracy: '', size: '', inUse: false, problem: 'The saved model "half-written" is damaged …' }]);
  });

  it('says why when there is no list, and that a trained model is still offered as files', () => {
    expect(emptyListText('This browser has no IndexedDB, so models cannot be kept between visits')).toBe(
      'My models cannot be shown: This browser has no IndexedDB, so models cannot be kept between visits. A model you train is still offered as two files to download.',
    );
    expect(emptyListText(null)).toMatch(/^No models are kept in this browser yet/);
  });
});

describe('My models: the shipped rows (lessons 5 and 6 list them too)', () => {
  it('lists each shipped model as shipped, marks the one the pad uses, and claims no size or accuracy it was not told', () => {
    const rows = shippedRows(BUILT_IN_MODELS, 'mnist-only');
    expect(rows.map((row) => [row.id, row.shipped, row.inUse, row.damaged])).toEqual([
      ['default', true, false, false],
      ['mnist-only', true, true, false],
    ]);
    expect(rows[0]).toMatchObject({ name: BUILT_IN_MODELS[0]!.name, when: 'shipped with the course', accuracy: '–', size: '–' });
  });
});
