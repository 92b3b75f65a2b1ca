/**
 * The student's own models, kept in the browser between visits: the ones they trained in
 * lesson 4 and the Keras models they uploaded, for the drawing pad (lesson 7) to read with.
 *
 * Each model is two records under the same id: its description (name, where it came from,
 * how to feed it) in one object store and its weights in another, so listing the models
 * never reads megabytes of weights. Both are written in one transaction, so a model is
 * either kept whole or not at all.
 */
import type { io } from '@tensorflow/tfjs';
import { formatBytes } from '../site/format';
import { errorText, isQuotaError, openDatabase, requestResult, transactionDone } from './idb';
import {
  checkArtifacts,
  checkModelName,
  checkPixelScale,
  readArtifactsRecord,
  readDetails,
  readInfoRecord,
  type ModelSource,
  type NewModel,
  type PixelScale,
  type StoredModel,
  type StoredModelInfo,
} from './model-records';

export type { ModelDetails, ModelSource, NewModel, PixelScale, StoredModel, StoredModelInfo } from './model-records';

/** A model as listed, or a record that cannot be read (listed as damaged, so it can be removed). */
export type ModelListEntry = { kind: 'model'; info: StoredModelInfo } | { kind: 'damaged'; id: string; name?: string; problem: string };

export interface ModelStore {
  /** Newest first; never loads weights. Records that are not whole are left out. */
  list(): Promise<StoredModelInfo[]>;
  /** Like list, newest first, then every record that cannot be read, so "My models" can offer to remove it. */
  listEntries(): Promise<ModelListEntry[]>;
  /** Undefined when there is no such model; ModelDamagedError when it cannot be read back. */
  get(id: string): Promise<StoredModel | undefined>;
  /** Keeps a copy of the model under a new id and returns its description. */
  save(model: NewModel): Promise<StoredModelInfo>;
  update(id: string, patch: { name?: string; pixelScale?: PixelScale }): Promise<StoredModelInfo>;
  /** Removing a model that is not there does nothing. */
  remove(id: string): Promise<void>;
}

/** The browser will not give us storage: no IndexedDB, a private window, or another tab blocks it. */
export class ModelStoreUnavailableError extends Error {
  override name = 'ModelStoreUnavailableError';
}

/** The browser refused to store more (its QuotaExceededError). */
export class ModelStoreFullError extends Error {
  override name = 'ModelStoreFullError';
}

/** A saved model whose records are missing or not what this site wrote. */
export class ModelDamagedError extends Error {
  override name = 'ModelDamagedError';
}

/** update() of a model that is not (or no longer) there, e.g. removed in another tab. */
export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError';
}

/** The raw operations each storage offers; the checks and rules live once, in storeOver. */
interface Records {
  allInfo(): Promise<unknown[]>;
  read(id: string): Promise<{ info: unknown; artifacts: unknown } | undefined>;
  write(info: StoredModelInfo, artifacts: io.ModelArtifacts): Promise<void>;
  /** Replaces the description by change(old) in one step; change throws to cancel. */
  changeInfo(id: string, change: (old: unknown) => StoredModelInfo): Promise<StoredModelInfo>;
  remove(id: string): Promise<void>;
}

function storeOver(records: Records): ModelStore {
  // Two saves in the same millisecond still list in the order they were made.
  let lastCreatedAt = 0;
  return {
    list: async () => {
      const infos = (await records.allInfo()).map(readInfoRecord).filter((info) => info !== undefined);
      return infos.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    },
    listEntries: async () => {
      const raw = await records.allInfo();
      const models: ModelListEntry[] = [];
      const damaged: ModelListEntry[] = [];
      for (const record of raw) {
        const info = readInfoRecord(record);
        if (info) models.push({ kind: 'model', info });
        else damaged.push({ kind: 'damaged', ...damagedEntry(record) });
      }
      const time = (entry: ModelListEntry) => (entry.kind === 'model' ? entry.info.createdAt : 0);
      return [...models.sort((a, b) => time(b) - time(a)), ...damaged];
    },
    get: async (id) => {
      const found = await records.read(id);
      if (!found) return undefined;
      const info = readInfoRecord(found.info);
      const artifacts = readArtifactsRecord(found.artifacts);
      if (!info || !artifacts) throw new ModelDamagedError(damagedMessage(found.info, id));
      return { ...info, artifacts };
    },
    save: async (model) => {
      const artifacts = checkArtifacts(model.artifacts);
      const createdAt = Math.max(Date.now(), lastCreatedAt + 1);
      lastCreatedAt = createdAt;
      const info: StoredModelInfo = {
        id: newModelId(createdAt),
        name: checkModelName(model.name),
        source: checkSource(model.source),
        createdAt,
        pixelScale: checkPixelScale(model.pixelScale),
      };
      const details = readDetails({ ...model.details, weightBytes: artifacts.weightData.byteLength });
      if (details) info.details = details;
      await records.write(info, artifacts);
      return structuredClone(info);
    },
    update: async (id, patch) => {
      const name = patch.name === undefined ? undefined : checkModelName(patch.name);
      const pixelScale = patch.pixelScale === undefined ? undefined : checkPixelScale(patch.pixelScale);
      return records.changeInfo(id, (old) => {
        const info = readInfoRecord(old);
        if (old === undefined) throw new ModelNotFoundError('That model is no longer saved in this browser.');
        if (!info) throw new ModelDamagedError(damagedMessage(old, id));
        return { ...info, ...(name !== undefined && { name }), ...(pixelScale !== undefined && { pixelScale }) };
      });
    },
    remove: (id) => records.remove(id),
  };
}

function checkSource(source: unknown): ModelSource {
  if (source !== 'trained' && source !== 'uploaded') throw new Error(`A model comes from 'trained' or 'uploaded', not ${String(source)}.`);
  return source;
}

function damagedEntry(record: unknown): { id: string; name?: string; problem: string } {
  const fields = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
  const id = typeof fields.id === 'string' ? fields.id : String(fields.id);
  const name = typeof fields.name === 'string' ? fields.name : undefined;
  return { id, ...(name !== undefined && { name }), problem: damagedMessage(record, id) };
}

function damagedMessage(info: unknown, id: string): string {
  const name = typeof info === 'object' && info !== null && 'name' in info && typeof info.name === 'string' ? info.name : id;
  return `The saved model "${name}" is damaged and cannot be loaded; remove it, then train or upload it again.`;
}

/** Never 'default' or 'mnist-only' (the built-in models); crypto.randomUUID needs https, this does not. */
function newModelId(createdAt: number): string {
  const [a = 0, b = 0] = crypto.getRandomValues(new Uint32Array(2));
  return `model-${createdAt.toString(36)}-${a.toString(36)}${b.toString(36)}`;
}

/** For tests, and for pages when the browser refuses storage: models last until the tab closes. */
export function memoryModelStore(): ModelStore {
  // Copies in and out, like IndexedDB's structured clone, so callers cannot alias what is kept.
  const entries = new Map<string, { info: unknown; artifacts: unknown }>();
  return storeOver({
    allInfo: async () => [...entries.values()].map((entry) => structuredClone(entry.info)),
    read: async (id) => structuredClone(entries.get(id)),
    write: async (info, artifacts) => {
      entries.set(info.id, structuredClone({ info, artifacts }));
    },
    changeInfo: async (id, change) => {
      const entry = entries.get(id);
      const info = change(structuredClone(entry?.info));
      if (entry) entry.info = structuredClone(info);
      return info;
    },
    remove: async (id) => {
      entries.delete(id);
    },
  });
}

const INFO_STORE = 'models';
const WEIGHTS_STORE = 'weights';
const SCHEMA_VERSION = 1;

export async function openModelStore(
  idb: IDBFactory | undefined = globalThis.indexedDB,
  dbName = 'digit-lab-models',
): Promise<ModelStore> {
  if (!idb) throw new ModelStoreUnavailableError('This browser has no IndexedDB, so models cannot be kept between visits');
  const db = await openDatabase(idb, dbName, {
    version: SCHEMA_VERSION,
    upgrade: (created) => {
      created.createObjectStore(INFO_STORE, { keyPath: 'id' });
      created.createObjectStore(WEIGHTS_STORE);
    },
    unavailable: (message) => new ModelStoreUnavailableError(message),
  });
  return storeOver(indexedDbRecords(db));
}

function indexedDbRecords(db: IDBDatabase): Records {
  return {
    allInfo: () => reading('read the saved models', () => requestResult(db.transaction(INFO_STORE).objectStore(INFO_STORE).getAll())),
    read: (id) =>
      reading('read the saved model', async () => {
        const transaction = db.transaction([INFO_STORE, WEIGHTS_STORE]);
        const [info, artifacts] = await Promise.all([
          requestResult<unknown>(transaction.objectStore(INFO_STORE).get(id)),
          requestResult<unknown>(transaction.objectStore(WEIGHTS_STORE).get(id)),
        ]);
        return info === undefined && artifacts === undefined ? undefined : { info, artifacts };
      }),
    write: (info, artifacts) =>
      writing(weightsSize(artifacts), () => {
        const transaction = db.transaction([INFO_STORE, WEIGHTS_STORE], 'readwrite');
        transaction.objectStore(WEIGHTS_STORE).put(artifacts, info.id);
        transaction.objectStore(INFO_STORE).put(info);
        return transactionDone(transaction);
      }),
    changeInfo: async (id, change) => {
      let changed: StoredModelInfo | undefined;
      let refusal: unknown;
      await writing(undefined, async () => {
        const transaction = db.transaction(INFO_STORE, 'readwrite');
        const store = transaction.objectStore(INFO_STORE);
        const request = store.get(id);
        let failure: unknown;
        // Read and write in one transaction, so a change from another tab cannot slip between.
        request.onsuccess = () => {
          try {
            changed = change(request.result);
          } catch (error) {
            refusal = error;
            transaction.abort();
            return;
          }
          try {
            store.put(changed);
          } catch (error) {
            failure = error;
            transaction.abort();
          }
        };
        try {
          await transactionDone(transaction);
        } catch (error) {
          if (refusal === undefined) throw failure ?? error;
        }
      });
      if (refusal !== undefined) throw refusal;
      if (!changed) throw new ModelStoreUnavailableError('Could not change the saved model');
      return changed;
    },
    remove: (id) =>
      writing(undefined, () => {
        const transaction = db.transaction([INFO_STORE, WEIGHTS_STORE], 'readwrite');
        transaction.objectStore(INFO_STORE).delete(id);
        transaction.objectStore(WEIGHTS_STORE).delete(id);
        return transactionDone(transaction);
      }),
  };
}

async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new ModelStoreUnavailableError(`Could not ${what} from the browser storage (${errorText(error)})`);
  }
}

/** `bytes`: the size of what is being written, for the sentence when there is no room for it. */
async function writing(bytes: number | undefined, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isQuotaError(error)) {
      const size = bytes === undefined ? '' : ` (${formatBytes(bytes)})`;
      throw new ModelStoreFullError(
        `The browser has no room left to keep this model${size}; remove a saved model you no longer need, or free some space.`,
      );
    }
    throw new ModelStoreUnavailableError(`Could not write to the browser storage (${errorText(error)})`);
  }
}

function weightsSize(artifacts: io.ModelArtifacts): number {
  return artifacts.weightData instanceof ArrayBuffer ? artifacts.weightData.byteLength : 0;
}
