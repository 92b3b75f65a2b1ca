import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SampleCollection } from '../../../src/lib/samples/sample-collection';
import type { DigitSample } from '../../../src/lib/samples/sample';

function sample(id: string, digit: number, createdAt: number): DigitSample {
  const pixels = new Uint8Array(784);
  pixels[digit * 10] = 255;
  return { id, digit, strokes: [[{ x: 1, y: 2 }, { x: 3, y: 4 }]], pixels, createdAt, source: 'drawn' };
}

const summary = (collection: SampleCollection) => collection.samples.map((s) => [s.id, s.digit]);

describe('the samples on the page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps what is added, relabelled and deleted, and the next visit reads it back; listeners hear each change', async () => {
    const idb = new IDBFactory();
    const collection = new SampleCollection();
    let changes = 0;
    collection.onChange(() => changes++);
    expect(await collection.load(idb)).toBe('');
    expect(await collection.add([sample('a', 1, 1), sample('b', 2, 2)])).toBe('');
    expect(await collection.relabel('a', 7)).toBe('');
    expect(await collection.remove('b')).toBe('');
    expect(summary(collection)).toEqual([['a', 7]]);
    expect(changes).toBe(4); // load, add, relabel, remove

    const nextVisit = new SampleCollection();
    expect(await nextVisit.load(idb)).toBe('');
    expect(summary(nextVisit)).toEqual([['a', 7]]);
  });

  it('with no IndexedDB, says why once and keeps every sample on the page', async () => {
    const collection = new SampleCollection();
    expect(await collection.load(undefined)).toMatch(/no IndexedDB/);
    expect(await collection.add([sample('a', 3, 1)])).toMatch(/on this page only/);
    expect(await collection.relabel('a', 4)).toMatch(/on this page only/);
    expect(summary(collection)).toEqual([['a', 4]]);
  });

  it('when the disk is full, the drawn sample stays on the page and the sentence says it was not kept', async () => {
    const idb = new IDBFactory();
    const collection = new SampleCollection();
    await collection.load(idb);
    await collection.add([sample('kept', 1, 1)]);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    const said = await collection.add([sample('new', 5, 2)]);
    expect(said).toMatch(/no room left/);
    expect(said).toMatch(/still on this page/);
    expect(summary(collection)).toEqual([['kept', 1], ['new', 5]]);
    vi.restoreAllMocks();
    const nextVisit = new SampleCollection();
    await nextVisit.load(idb);
    expect(summary(nextVisit)).toEqual([['kept', 1]]);
  });
});
