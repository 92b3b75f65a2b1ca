/**
 * Where the training worker keeps the checkpoint of the run in progress (one at a time: a new
 * run replaces it), and where the page finds it after a reload. IndexedDB works in a worker
 * as on a page. A checkpoint this version cannot read is dropped, never shown.
 */
import { readCheckpoint, type Checkpoint } from '../train/checkpoint';
import { openDatabase, requestResult, transactionDone } from './idb';

const DB_NAME = 'digit-lab-checkpoints';
const STORE = 'runs';
const KEY = 'current';

export interface CheckpointStore {
  read(): Promise<Checkpoint | undefined>;
  write(checkpoint: Checkpoint): Promise<void>;
  clear(): Promise<void>;
}

export async function openCheckpointStore(idb: IDBFactory | undefined = globalThis.indexedDB): Promise<CheckpointStore> {
  if (!idb) throw new Error('This browser has no IndexedDB, so a run cannot be continued after a reload');
  const db = await openDatabase(idb, DB_NAME, {
    version: 1,
    upgrade: (created) => created.createObjectStore(STORE),
    unavailable: (message) => new Error(message),
  });
  const transaction = (mode: IDBTransactionMode) => db.transaction(STORE, mode);
  return {
    read: async () => readCheckpoint(await requestResult<unknown>(transaction('readonly').objectStore(STORE).get(KEY))),
    write: async (checkpoint) => {
      const tx = transaction('readwrite');
      tx.objectStore(STORE).put(checkpoint, KEY);
      await transactionDone(tx);
    },
    clear: async () => {
      const tx = transaction('readwrite');
      tx.objectStore(STORE).delete(KEY);
      await transactionDone(tx);
    },
  };
}
