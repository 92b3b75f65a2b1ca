import { IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import type { io } from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  memoryModelStore,
  ModelDamagedError,
  ModelNotFoundError,
  ModelStoreFullError,
  ModelStoreUnavailableError,
  openModelStore,
  type ModelStore,
  type NewModel,
} from '../../../src/lib/store/model-store';

/** A one-layer dense model's artifacts with real, distinct weight bytes (4×3 kernel + 3 biases). */
function tinyArtifacts(seed = 1): io.ModelArtifacts {
  const weights = Float32Array.from({ length: 15 }, (_, i) => seed * 100 + i * 0.25);
  return {
    modelTopology: { class_name: 'Sequential', config: { name: 'tiny', layers: [] } },
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    weightSpecs: [
      { name: 'dense/kernel', shape: [4, 3], dtype: 'float32' },
      { name: 'dense/bias', shape: [3], dtype: 'float32' },
    ],
    weightData: weights.buffer,
  };
}

function newModel(name: string, overrides: Partial<NewModel> = {}): NewModel {
  return { name, source: 'trained', pixelScale: 'unit', artifacts: tinyArtifacts(), ...overrides };
}

const implementations: [string, () => Promise<ModelStore>][] = [
  ['memoryModelStore', async () => memoryModelStore()],
  ['openModelStore', () => openModelStore(new IDBFactory(), 'test-models')],
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(implementations)('%s', (_, openStore) => {
  it('lists nothing at first, and get of an unknown id is undefined', async () => {
    const store = await openStore();
    expect(await store.list()).toEqual([]);
    expect(await store.get('model-nope')).toBeUndefined();
  });

  it('gives a saved model back with identical weight bytes and the same description', async () => {
    const store = await openStore();
    const artifacts = tinyArtifacts(7);
    const details = { recipe: 'default', testAccuracy: 0.991, epochs: 1, images: 60000, backend: 'wasm', trainingSeconds: 95 };
    const info = await store.save(newModel('  My CNN  ', { artifacts, details, pixelScale: 'byte' }));
    expect(info).toMatchObject({ name: 'My CNN', source: 'trained', pixelScale: 'byte', details });
    expect(info.id).toMatch(/^model-/);

    const model = await store.get(info.id);
    expect(model).toMatchObject(info);
    const stored = model!.artifacts.weightData as ArrayBuffer;
    expect(stored).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(stored)).toEqual(new Uint8Array(artifacts.weightData as ArrayBuffer));
    expect(model!.artifacts.weightSpecs).toEqual(artifacts.weightSpecs);
    expect(model!.artifacts.modelTopology).toEqual(artifacts.modelTopology);
  });

  it('keeps its own copy: changing the weights after saving does not change what is kept', async () => {
    const store = await openStore();
    const artifacts = tinyArtifacts(3);
    const { id } = await store.save(newModel('copy', { artifacts }));
    new Float32Array(artifacts.weightData as ArrayBuffer).fill(0);
    const kept = new Float32Array((await store.get(id))!.artifacts.weightData as ArrayBuffer);
    expect(kept[1]).toBe(300.25);
  });

  it('joins weights handed over as several buffers into one', async () => {
    const store = await openStore();
    const whole = new Uint8Array(tinyArtifacts(2).weightData as ArrayBuffer);
    const split = { ...tinyArtifacts(2), weightData: [whole.slice(0, 20).buffer, whole.slice(20).buffer] };
    const { id } = await store.save(newModel('split', { artifacts: split }));
    expect(new Uint8Array((await store.get(id))!.artifacts.weightData as ArrayBuffer)).toEqual(whole);
  });

  it('lists newest first, even when saved within one millisecond', async () => {
    const store = await openStore();
    vi.spyOn(Date, 'now').mockReturnValue(1_000);
    const first = await store.save(newModel('first'));
    const second = await store.save(newModel('second', { source: 'uploaded' }));
    vi.spyOn(Date, 'now').mockReturnValue(5_000);
    const third = await store.save(newModel('third'));
    expect((await store.list()).map((info) => info.name)).toEqual(['third', 'second', 'first']);
    expect(second.createdAt).toBeGreaterThan(first.createdAt);
    expect(third.createdAt).toBe(5_000);
  });

  it('renames and rescales a model, and the change is kept', async () => {
    const store = await openStore();
    const { id } = await store.save(newModel('old name'));
    const updated = await store.update(id, { name: 'new name', pixelScale: 'byte' });
    expect(updated).toMatchObject({ id, name: 'new name', pixelScale: 'byte' });
    expect(await store.list()).toEqual([updated]);
    expect((await store.get(id))!.pixelScale).toBe('byte');
    expect((await store.update(id, { pixelScale: 'unit' })).name).toBe('new name');
  });

  it('refuses bad input with a sentence and changes nothing', async () => {
    const store = await openStore();
    await expect(store.save(newModel('   '))).rejects.toThrow('Give the model a name');
    const { id } = await store.save(newModel('kept'));
    await expect(store.update(id, { name: '' })).rejects.toThrow('Give the model a name');
    await expect(store.update(id, { pixelScale: 'percent' as never })).rejects.toThrow(/'unit' \(0–1\) or 'byte'/);
    const short = { ...tinyArtifacts(), weightData: new ArrayBuffer(8) };
    await expect(store.save(newModel('short', { artifacts: short }))).rejects.toThrow('weights are 8 bytes but its layers need 60');
    expect((await store.list()).map((info) => info.name)).toEqual(['kept']);
  });

  it('says plainly when the model to update is gone', async () => {
    const store = await openStore();
    await expect(store.update('model-gone', { name: 'x' })).rejects.toThrow(ModelNotFoundError);
    expect(await store.list()).toEqual([]);
  });

  it('removes a model and its weights; removing it again does nothing', async () => {
    const store = await openStore();
    const kept = await store.save(newModel('kept'));
    const gone = await store.save(newModel('gone'));
    await store.remove(gone.id);
    await store.remove(gone.id);
    expect(await store.list()).toEqual([kept]);
    expect(await store.get(gone.id)).toBeUndefined();
    expect(await store.get(kept.id)).toBeDefined();
  });
});

describe('openModelStore', () => {
  it('keeps models across openings of the same database', async () => {
    const idb = new IDBFactory();
    const info = await (await openModelStore(idb, 'persist')).save(newModel('mine'));
    const reopened = await openModelStore(idb, 'persist');
    expect(await reopened.list()).toEqual([info]);
    expect((await reopened.get(info.id))!.name).toBe('mine');
  });

  it('lists without reading the weights store', async () => {
    const store = await openModelStore(new IDBFactory(), 'cheap');
    await store.save(newModel('a'));
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.list();
    expect(transaction).toHaveBeenCalledTimes(1);
    expect([transaction.mock.calls[0]![0]].flat()).toEqual(['models']);
  });

  it('skips a damaged record in list() and says get() cannot load it', async () => {
    const idb = new IDBFactory();
    const store = await openModelStore(idb, 'damaged');
    const good = await store.save(newModel('good'));
    const broken = await store.save(newModel('broken'));
    await rawPut(idb, 'damaged', 'weights', broken.id, { modelTopology: {}, weightSpecs: [], weightData: 'not bytes' });
    await rawPut(idb, 'damaged', 'models', undefined, { id: 'model-junk', name: 42 });

    expect((await store.list()).map((info) => info.name)).toEqual(['broken', 'good']);
    await expect(store.get(broken.id)).rejects.toThrow(ModelDamagedError);
    await expect(store.get(broken.id)).rejects.toThrow('The saved model "broken" is damaged');
    await expect(store.get('model-junk')).rejects.toThrow(ModelDamagedError);
    await expect(store.update('model-junk', { name: 'fixed?' })).rejects.toThrow(ModelDamagedError);
    expect(await store.get(good.id)).toBeDefined();
  });

  it('listEntries() lists a damaged record as damaged, after the others, and it can be removed', async () => {
    const idb = new IDBFactory();
    const store = await openModelStore(idb, 'entries');
    const good = await store.save(newModel('good'));
    await rawPut(idb, 'entries', 'models', undefined, { id: 'model-junk', name: 'half-written', source: 42 });
    const entries = await store.listEntries();
    expect(entries.map((e) => e.kind)).toEqual(['model', 'damaged']);
    expect(entries[0]).toMatchObject({ kind: 'model', info: { id: good.id, details: { weightBytes: expect.any(Number) } } });
    expect(entries[1]).toEqual({ kind: 'damaged', id: 'model-junk', name: 'half-written', problem: expect.stringContaining('"half-written" is damaged') });
    await store.remove('model-junk');
    expect((await store.listEntries()).map((e) => e.kind)).toEqual(['model']);
  });

  it('throws ModelStoreUnavailableError without IndexedDB, or when opening is refused or blocked', async () => {
    await expect(openModelStore(undefined)).rejects.toThrow(ModelStoreUnavailableError);
    const refusing = {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    };
    await expect(openModelStore(refusing as unknown as IDBFactory)).rejects.toThrow(/refused to open its storage/);
    const blockedRequest = { onblocked: null as (() => void) | null };
    const blocking = { open: () => (setTimeout(() => blockedRequest.onblocked?.()), blockedRequest) };
    await expect(openModelStore(blocking as unknown as IDBFactory)).rejects.toThrow(/another tab/);
  });

  it('turns a QuotaExceededError into ModelStoreFullError naming the size, and keeps what was there', async () => {
    const store = await openModelStore(new IDBFactory(), 'full');
    const kept = await store.save(newModel('kept'));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    const big = { ...tinyArtifacts(), weightSpecs: [{ name: 'w', shape: [300_000], dtype: 'float32' as const }], weightData: new ArrayBuffer(1_200_000) };
    const failure = store.save(newModel('big', { artifacts: big }));
    await expect(failure).rejects.toThrow(ModelStoreFullError);
    await expect(failure).rejects.toThrow('no room left to keep this model (1.2 MB)');
    await expect(store.update(kept.id, { name: 'renamed' })).rejects.toThrow(ModelStoreFullError);
    vi.restoreAllMocks();
    expect(await store.list()).toEqual([kept]);
  });
});

/** Writes straight into the database, as an older site version or a broken write might have. */
async function rawPut(idb: IDBFactory, dbName: string, storeName: string, key: string | undefined, value: unknown): Promise<void> {
  const db = await new Promise<globalThis.IDBDatabase>((resolve, reject) => {
    const request = idb.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction(storeName, 'readwrite');
    transaction.objectStore(storeName).put(value, key);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
}
