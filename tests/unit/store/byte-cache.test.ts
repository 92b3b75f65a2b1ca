import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CacheFullError,
  CacheUnavailableError,
  memoryByteCache,
  openIndexedDbCache,
  type ByteCache,
} from '../../../src/lib/store/byte-cache';

const implementations: [string, () => Promise<ByteCache>][] = [
  ['memoryByteCache', async () => memoryByteCache()],
  ['openIndexedDbCache', () => openIndexedDbCache('test-db', new IDBFactory())],
];

describe.each(implementations)('%s', (_, openCache) => {
  it('returns undefined for a key it never stored', async () => {
    const cache = await openCache();
    expect(await cache.get('nothing')).toBeUndefined();
  });

  it('gives back exactly the bytes put, even from a view into a larger buffer', async () => {
    const cache = await openCache();
    const large = Uint8Array.from({ length: 100 }, (_, i) => i);
    await cache.put('a', large.subarray(10, 15));
    const stored = await cache.get('a');
    expect(stored).toEqual(Uint8Array.from([10, 11, 12, 13, 14]));
    expect(stored?.buffer.byteLength).toBe(5);
  });

  it('keeps its own copy, so later changes to the bytes do not leak in', async () => {
    const cache = await openCache();
    const bytes = Uint8Array.from([1, 2, 3]);
    await cache.put('a', bytes);
    bytes[0] = 99;
    expect(await cache.get('a')).toEqual(Uint8Array.from([1, 2, 3]));
  });

  it('replaces an entry put twice', async () => {
    const cache = await openCache();
    await cache.put('a', Uint8Array.from([1]));
    await cache.put('a', Uint8Array.from([2]));
    expect(await cache.get('a')).toEqual(Uint8Array.from([2]));
  });

  it('deleteOthers keeps only the listed keys', async () => {
    const cache = await openCache();
    await cache.put('old@1', Uint8Array.from([1]));
    await cache.put('new@2', Uint8Array.from([2]));
    await cache.put('other@3', Uint8Array.from([3]));
    await cache.deleteOthers(['new@2', 'not-stored']);
    expect(await cache.get('old@1')).toBeUndefined();
    expect(await cache.get('other@3')).toBeUndefined();
    expect(await cache.get('new@2')).toEqual(Uint8Array.from([2]));
  });
});

describe('openIndexedDbCache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps entries across openings of the same database', async () => {
    const idb = new IDBFactory();
    await (await openIndexedDbCache('persist', idb)).put('k', Uint8Array.from([4, 5]));
    const reopened = await openIndexedDbCache('persist', idb);
    expect(await reopened.get('k')).toEqual(Uint8Array.from([4, 5]));
  });

  it('throws CacheUnavailableError without IndexedDB', async () => {
    await expect(openIndexedDbCache('x', undefined)).rejects.toThrow(CacheUnavailableError);
  });

  it('throws CacheUnavailableError when the database cannot be opened', async () => {
    const idb = new IDBFactory();
    // A newer version of the database makes opening version 1 fail with a VersionError.
    await new Promise<void>((resolve) => {
      const request = idb.open('newer', 5);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    await expect(openIndexedDbCache('newer', idb)).rejects.toThrow(/refused to open its storage/);
  });

  it('throws CacheUnavailableError when opening is blocked or refused outright', async () => {
    const blockedRequest = { onblocked: null as (() => void) | null };
    const blocking = { open: () => (setTimeout(() => blockedRequest.onblocked?.()), blockedRequest) };
    await expect(openIndexedDbCache('x', blocking as unknown as IDBFactory)).rejects.toThrow(/another tab/);

    const refusing = {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    };
    await expect(openIndexedDbCache('x', refusing as unknown as IDBFactory)).rejects.toThrow(CacheUnavailableError);
  });

  it('turns a QuotaExceededError into CacheFullError', async () => {
    const cache = await openIndexedDbCache('full', new IDBFactory());
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    await expect(cache.put('k', new Uint8Array(10))).rejects.toThrow(CacheFullError);
  });
});
