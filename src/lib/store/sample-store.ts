/**
 * The student's own handwriting samples ("make it yours"), kept in the browser (IndexedDB) as
 * strokes and as pixels. Records read back are checked: a damaged one is reported by id, never
 * crashed on, and can be removed. Errors are sentences a page can show as they are.
 */
import { isDigit, isDrawing, SAMPLE_PIXELS, type DigitSample } from '../samples/sample';
import { errorText, isQuotaError, openDatabase, requestResult, transactionDone } from './idb';

export const SAMPLE_DB_NAME = 'digit-lab-samples';
const SAMPLES = 'samples';

export interface SampleList {
  /** Oldest first, as they were drawn. */
  samples: DigitSample[];
  /** Ids of records that are not samples this site wrote (damaged, or from another version). */
  damaged: string[];
}

export interface SampleStore {
  list(): Promise<SampleList>;
  /** Adds (or replaces, by id) samples in one transaction: all are kept or none. */
  put(samples: readonly DigitSample[]): Promise<void>;
  relabel(id: string, digit: number): Promise<DigitSample>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

export class SampleStoreError extends Error {
  override name = 'SampleStoreError';
}

export async function openSampleStore(idb: IDBFactory | undefined): Promise<SampleStore> {
  if (!idb) throw new SampleStoreError('This browser has no IndexedDB here (a private window?), so your samples cannot be kept; they last until you leave the page.');
  const db = await openDatabase(idb, SAMPLE_DB_NAME, {
    version: 1,
    upgrade: (database) => {
      if (!database.objectStoreNames.contains(SAMPLES)) database.createObjectStore(SAMPLES, { keyPath: 'id' });
    },
    unavailable: (message) => new SampleStoreError(`${message}, so your samples cannot be kept; they last until you leave the page.`),
  });
  const store = (mode: IDBTransactionMode) => {
    const transaction = db.transaction(SAMPLES, mode);
    return { transaction, samples: transaction.objectStore(SAMPLES) };
  };
  const write = async (run: (samples: IDBObjectStore) => void) => {
    const { transaction, samples } = store('readwrite');
    const done = transactionDone(transaction);
    try {
      run(samples);
      await done;
    } catch (error) {
      done.catch(() => {});
      if (isQuotaError(error)) throw new SampleStoreError('The browser has no room left for your samples (its storage is full): free some space, or delete saved models you no longer need.');
      throw new SampleStoreError(`The browser would not save your samples (${errorText(error)}).`);
    }
  };
  return {
    async list() {
      const records = await requestResult(store('readonly').samples.getAll());
      const list: SampleList = { samples: [], damaged: [] };
      for (const record of records as unknown[]) {
        const sample = readSampleRecord(record);
        if (sample) list.samples.push(sample);
        else list.damaged.push(recordId(record));
      }
      list.samples.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      return list;
    },
    async put(samples) {
      for (const sample of samples) {
        if (!readSampleRecord(sample)) throw new SampleStoreError(`Sample ${sample.id} is not a whole sample (a digit 0–9 and ${SAMPLE_PIXELS} pixels), so nothing was saved.`);
      }
      await write((objects) => samples.forEach((sample) => objects.put(toRecord(sample))));
    },
    async relabel(id, digit) {
      if (!isDigit(digit)) throw new SampleStoreError(`A sample's digit is 0 to 9, not ${String(digit)}.`);
      const sample = readSampleRecord(await requestResult(store('readonly').samples.get(id)));
      if (!sample) throw new SampleStoreError('That sample is no longer there (deleted in another tab?).');
      const relabelled = { ...sample, digit };
      await write((objects) => objects.put(toRecord(relabelled)));
      return relabelled;
    },
    async remove(id) {
      await write((objects) => objects.delete(id));
    },
    async clear() {
      await write((objects) => objects.clear());
    },
  };
}

function toRecord(sample: DigitSample): DigitSample {
  // A copy of the pixels: the caller's array may be a view on a larger buffer.
  return { ...sample, pixels: new Uint8Array(sample.pixels), strokes: sample.strokes.map((stroke) => stroke.map(({ x, y }) => ({ x, y }))) };
}

/** A stored record as a sample, or undefined when it is not one this site wrote. */
export function readSampleRecord(record: unknown): DigitSample | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const { id, digit, strokes, pixels, createdAt, source } = record as Partial<DigitSample>;
  if (typeof id !== 'string' || !isDigit(digit) || typeof createdAt !== 'number') return undefined;
  if (!(pixels instanceof Uint8Array) || pixels.length !== SAMPLE_PIXELS) return undefined;
  if (source !== 'drawn' && source !== 'imported') return undefined;
  if (!isDrawing(strokes)) return undefined;
  return { id, digit, strokes, pixels, createdAt, source };
}


function recordId(record: unknown): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : String(id);
}
