/**
 * Keeps downloaded files between visits, so MNIST (about 11 MB) is fetched once per
 * student rather than once per lesson. The IndexedDB version is the real one; the
 * memory version serves tests and browsers where storage is refused.
 */
import { errorText, isQuotaError, openDatabase, requestResult, transactionDone } from './idb';

export interface ByteCache {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Drops every entry but these, so an old copy of the data does not sit in storage forever. */
  deleteOthers(keepKeys: string[]): Promise<void>;
}

/** The browser will not give us storage: no IndexedDB, a private window, or another tab blocks it. */
export class CacheUnavailableError extends Error {
  override name = 'CacheUnavailableError';
}

/** The browser refused to store more (its QuotaExceededError). */
export class CacheFullError extends Error {
  override name = 'CacheFullError';
}

export function memoryByteCache(): ByteCache {
  const entries = new Map<string, Uint8Array>();
  // Copies in and out, like IndexedDB's structured clone, so callers cannot alias entries.
  // (new Uint8Array(bytes) always copies; a Node Buffer's slice() would not.)
  const copy = (bytes: Uint8Array) => new Uint8Array(bytes);
  return {
    get: async (key) => {
      const bytes = entries.get(key);
      return bytes && copy(bytes);
    },
    put: async (key, bytes) => {
      entries.set(key, copy(bytes));
    },
    deleteOthers: async (keepKeys) => {
      const keep = new Set(keepKeys);
      for (const key of [...entries.keys()]) if (!keep.has(key)) entries.delete(key);
    },
  };
}

const STORE_NAME = 'files';
const SCHEMA_VERSION = 1;

export async function openIndexedDbCache(
  dbName = 'digit-lab-data',
  idb: IDBFactory | undefined = globalThis.indexedDB,
): Promise<ByteCache> {
  if (!idb) throw new CacheUnavailableError('This browser has no IndexedDB, so nothing can be kept between visits');
  const db = await openDatabase(idb, dbName, {
    version: SCHEMA_VERSION,
    upgrade: (created) => created.createObjectStore(STORE_NAME),
    unavailable: (message) => new CacheUnavailableError(message),
  });
  return {
    get: (key) => readEntry(db, key),
    put: (key, bytes) => writeEntry(db, key, bytes),
    deleteOthers: (keepKeys) => deleteEntriesExcept(db, new Set(keepKeys)),
  };
}

async function readEntry(db: IDBDatabase, key: string): Promise<Uint8Array | undefined> {
  try {
    const request = db.transaction(STORE_NAME, 'readonly').objectStore(STORE_NAME).get(key);
    const value: unknown = await requestResult(request);
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    return undefined;
  } catch (error) {
    throw new CacheUnavailableError(`Could not read from the browser storage (${errorText(error)})`);
  }
}

async function writeEntry(db: IDBDatabase, key: string, bytes: Uint8Array): Promise<void> {
  // Structured clone copies a view's whole underlying buffer; store exactly these bytes.
  const exact = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  try {
    const transaction = db.transaction(STORE_NAME, 'readwrite');
    transaction.objectStore(STORE_NAME).put(exact, key);
    await transactionDone(transaction);
  } catch (error) {
    if (isQuotaError(error)) {
      throw new CacheFullError(`The browser has no room left to store ${bytes.length} bytes`);
    }
    throw new CacheUnavailableError(`Could not write to the browser storage (${errorText(error)})`);
  }
}

async function deleteEntriesExcept(db: IDBDatabase, keep: Set<string>): Promise<void> {
  try {
    const transaction = db.transaction(STORE_NAME, 'readwrite');
    const store = transaction.objectStore(STORE_NAME);
    const request = store.getAllKeys();
    // Delete inside the success callback, while the transaction is certainly still active.
    request.onsuccess = () => {
      for (const key of request.result) {
        if (typeof key !== 'string' || !keep.has(key)) store.delete(key);
      }
    };
    await transactionDone(transaction);
  } catch (error) {
    throw new CacheUnavailableError(`Could not clean up the browser storage (${errorText(error)})`);
  }
}
