import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openSampleStore, SampleStoreError, SAMPLE_DB_NAME } from '../../../src/lib/store/sample-store';
import type { DigitSample } from '../../../src/lib/samples/sample';

function sample(id: string, digit: number, createdAt: number): DigitSample {
  const pixels = new Uint8Array(784);
  pixels[digit * 10] = 255;
  pixels[400] = 17;
  return { id, digit, strokes: [[{ x: 1, y: 2 }, { x: 3.5, y: 4 }], [{ x: 9, y: 9 }]], pixels, createdAt, source: 'drawn' };
}

describe('the sample store', () => {
  it('keeps samples as strokes and pixels, oldest first, and reads them back exactly', async () => {
    const store = await openSampleStore(new IDBFactory());
    await store.put([sample('b', 3, 20), sample('a', 7, 10)]);
    const { samples, damaged } = await store.list();
    expect(damaged).toEqual([]);
    expect(samples.map((s) => s.id)).toEqual(['a', 'b']);
    expect(samples[1]).toEqual(sample('b', 3, 20));
    expect(samples[1]!.pixels).toBeInstanceOf(Uint8Array);
  });

  it('relabels and removes, and survives reopening', async () => {
    const idb = new IDBFactory();
    const store = await openSampleStore(idb);
    await store.put([sample('a', 1, 1), sample('b', 2, 2)]);
    expect((await store.relabel('a', 7)).digit).toBe(7);
    await store.remove('b');
    const again = await openSampleStore(idb);
    expect((await again.list()).samples.map((s) => [s.id, s.digit])).toEqual([['a', 7]]);
    await again.clear();
    expect((await again.list()).samples).toEqual([]);
  });

  it('refuses a digit outside 0–9, a sample that is not whole, and relabelling a missing sample, with sentences', async () => {
    const store = await openSampleStore(new IDBFactory());
    await store.put([sample('a', 1, 1)]);
    await expect(store.relabel('a', 10)).rejects.toThrow('0 to 9, not 10');
    await expect(store.relabel('gone', 3)).rejects.toThrow(/no longer there/);
    await expect(store.put([{ ...sample('x', 1, 1), pixels: new Uint8Array(10) }])).rejects.toThrow(/not a whole sample/);
    expect((await store.list()).samples).toHaveLength(1);
  });

  it('lists a damaged record by its id without losing the others, and can remove it', async () => {
    const idb = new IDBFactory();
    const store = await openSampleStore(idb);
    await store.put([sample('good', 4, 1)]);
    await new Promise<void>((resolve, reject) => {
      const open = idb.open(SAMPLE_DB_NAME);
      open.onsuccess = () => {
        const tx = open.result.transaction('samples', 'readwrite');
        tx.objectStore('samples').put({ id: 'bad', digit: 'four', pixels: 'nope' });
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
    const list = await store.list();
    expect(list.samples.map((s) => s.id)).toEqual(['good']);
    expect(list.damaged).toEqual(['bad']);
    await store.remove('bad');
    expect((await store.list()).damaged).toEqual([]);
  });

  it('says plainly when there is no IndexedDB', async () => {
    await expect(openSampleStore(undefined)).rejects.toBeInstanceOf(SampleStoreError);
    await expect(openSampleStore(undefined)).rejects.toThrow(/no IndexedDB/);
  });
});
