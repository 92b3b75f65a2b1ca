import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../../src/lib/data/idx';
import { DataLoadError, loadMnist, type LoadProgress } from '../../../src/lib/data/loader';
import { CacheFullError, memoryByteCache, type ByteCache } from '../../../src/lib/store/byte-cache';
import { tinyManifest, tinyMnistFiles, TINY_COUNTS, type TinyFile } from './tiny-mnist';

const BASE_URL = 'https://course.example/data/mnist/';
const files = tinyMnistFiles();
const manifest = await tinyManifest(files);
const trainImages = files[0]!;

interface FakeServerOptions {
  /** Serve decompressed bytes, as a host that sets Content-Encoding: gzip makes the browser do. */
  decompressed?: boolean;
  overrides?: Record<string, () => Response>;
}

/** A fetch that serves the tiny files in small chunks and records what was asked. */
function fakeServer(options: FakeServerOptions = {}) {
  const requests: { url: string; init?: RequestInit }[] = [];
  const fetchFake: typeof fetch = async (input, init) => {
    const url = String(input);
    requests.push({ url, init });
    init?.signal?.throwIfAborted();
    const path = url.slice(BASE_URL.length);
    const override = options.overrides?.[path];
    if (override) return override();
    if (path === 'manifest.json') return Response.json(manifest);
    const file = files.find((candidate) => `${candidate.name}.gz` === path);
    if (!file) return new Response('Not found', { status: 404 });
    return options.decompressed
      ? chunkedResponse(file.raw, 1000, { 'Content-Encoding': 'gzip' })
      : chunkedResponse(file.compressed);
  };
  const dataRequests = () => requests.filter((request) => !request.url.endsWith('manifest.json'));
  return { fetch: fetchFake, requests, dataRequests };
}

function chunkedResponse(bytes: Uint8Array, chunkSize = 1000, headers: HeadersInit = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let start = 0; start < bytes.length; start += chunkSize) controller.enqueue(bytes.slice(start, start + chunkSize));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

function damaged(file: TinyFile): Uint8Array {
  const bytes = file.compressed.slice();
  const inTheMiddle = Math.floor(bytes.length / 2);
  bytes[inTheMiddle] = bytes[inTheMiddle]! ^ 0xff;
  return bytes;
}

/** The loader's cache key for a file of the tiny manifest. */
const key = (file: TinyFile) => `${file.name}@${manifest.files.find((entry) => entry.name === file.name)!.compressedSha256}`;

describe('loadMnist', () => {
  it('downloads, verifies and parses the files named in the manifest', async () => {
    const server = fakeServer();
    const result = await loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null });
    expect(result.manifest).toEqual(manifest);
    expect(result.fromCache).toBe(false);
    expect(result.downloadedBytes).toBe(manifest.totalCompressedBytes);
    expect(result.cacheWarning).toBeUndefined();
    expect(result.data.train.count).toBe(TINY_COUNTS.train);
    expect(result.data.test.count).toBe(TINY_COUNTS.test);
    expect(result.data.label('test', 1)).toBe(3);
    expect(result.data.image('train', 2)[0]).toBe(2);
    // A redeployed site must be noticed, so the manifest is never taken from the HTTP cache unchecked.
    expect(server.requests[0]).toMatchObject({ url: `${BASE_URL}manifest.json`, init: { cache: 'no-cache' } });
  });

  it('adds the missing slash to the base URL', async () => {
    const server = fakeServer();
    await loadMnist({ baseUrl: BASE_URL.slice(0, -1), fetch: server.fetch, cache: null });
    expect(server.requests[0]!.url).toBe(`${BASE_URL}manifest.json`);
  });

  it('downloads nothing the second time when the files are in the cache', async () => {
    const cache = memoryByteCache();
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache });
    const server = fakeServer();
    const second = await loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache });
    expect(server.requests.map((request) => request.url)).toEqual([`${BASE_URL}manifest.json`]);
    expect(second.fromCache).toBe(true);
    expect(second.downloadedBytes).toBe(0);
    expect(second.data.train.labels).toEqual(files[1]!.raw.subarray(8));
  });

  it('works offline after one visit: no network at all, everything from the cache', async () => {
    const cache = memoryByteCache();
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache });
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const result = await loadMnist({ baseUrl: BASE_URL, fetch: offline, cache });
    expect(result.fromCache).toBe(true);
    expect(result.data.test.labels).toEqual(files[3]!.raw.subarray(8));
  });

  it('does not fall back to the kept manifest when the server answers with an error', async () => {
    const cache = memoryByteCache();
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache });
    const server = fakeServer({ overrides: { 'manifest.json': () => new Response('gone', { status: 404 }) } });
    await expect(loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache })).rejects.toThrow(/HTTP 404/);
  });

  it('downloads again a file whose cached copy is damaged', async () => {
    const cache = memoryByteCache();
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache });
    await cache.put(key(trainImages), damaged(trainImages));
    const server = fakeServer();
    const result = await loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache });
    expect(server.dataRequests().map((request) => request.url)).toEqual([`${BASE_URL}${trainImages.name}.gz`]);
    expect(result.fromCache).toBe(false);
    expect(await cache.get(key(trainImages))).toEqual(trainImages.compressed);
  });

  it('drops cache entries of older data after a load', async () => {
    const cache = memoryByteCache();
    await cache.put(`${trainImages.name}@${'0'.repeat(64)}`, Uint8Array.from([1, 2, 3]));
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache });
    expect(await cache.get(`${trainImages.name}@${'0'.repeat(64)}`)).toBeUndefined();
    expect(await cache.get(key(trainImages))).toEqual(trainImages.compressed);
  });

  it('reports a file damaged on the way as a checksum mismatch', async () => {
    const server = fakeServer({ overrides: { [`${trainImages.name}.gz`]: () => chunkedResponse(damaged(trainImages)) } });
    const load = loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null });
    await expect(load).rejects.toThrow(DataLoadError);
    await expect(load).rejects.toThrow(/train-images-idx3-ubyte was damaged on the way \(checksum mismatch\)/);
  });

  it('names the file and the HTTP status when a download fails', async () => {
    const server = fakeServer({ overrides: { 't10k-labels-idx1-ubyte.gz': () => new Response('gone', { status: 404 }) } });
    await expect(loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null })).rejects.toThrow(
      /Could not download t10k-labels-idx1-ubyte \(HTTP 404\)/,
    );
  });

  it('asks to check the connection when the network fails', async () => {
    const server = fakeServer({
      overrides: {
        'manifest.json': () => {
          throw new TypeError('Failed to fetch');
        },
      },
    });
    const load = loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null });
    await expect(load).rejects.toThrow(DataLoadError);
    await expect(load).rejects.toThrow(/Could not download the data list manifest\.json \(Failed to fetch\)\. Check your connection and press Load again/);
  });

  it('rejects a manifest that is not valid', async () => {
    const server = fakeServer({ overrides: { 'manifest.json': () => Response.json({ ...manifest, format: 7 }) } });
    await expect(loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null })).rejects.toThrow(
      /The data list manifest\.json is not valid \(manifest\.format is 7/,
    );
  });

  it('rejects files that pass their checksums but do not belong together', async () => {
    // Nine test labels for ten test images: each file is valid IDX and matches its checksum.
    const mismatched = tinyMnistFiles();
    const nineLabels = encodeIdx([TINY_COUNTS.test - 1], mismatched[3]!.raw.subarray(8, 8 + TINY_COUNTS.test - 1));
    const shortLabels = { ...mismatched[3]!, raw: nineLabels, compressed: new Uint8Array(gzipSync(nineLabels)) };
    mismatched[3] = shortLabels;
    const badManifest = await tinyManifest(mismatched);
    const server = fakeServer({
      overrides: {
        'manifest.json': () => Response.json(badManifest),
        't10k-labels-idx1-ubyte.gz': () => chunkedResponse(shortLabels.compressed),
      },
    });
    await expect(loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null })).rejects.toThrow(
      /The test data is not valid MNIST \(The images file holds 10 images but the labels file holds 9 labels\)/,
    );
  });

  it('accepts files the host already decompressed (Content-Encoding: gzip), and caches them', async () => {
    const cache = memoryByteCache();
    const events: LoadProgress[] = [];
    const first = await loadMnist({
      baseUrl: BASE_URL,
      fetch: fakeServer({ decompressed: true }).fetch,
      cache,
      onProgress: (progress) => events.push(progress),
    });
    expect(first.data.train.pixels).toEqual(trainImages.raw.subarray(16));
    // What travelled was the compressed file; the bar counts in those units, so it
    // does not reach 100% after a fifth of the download.
    expect(Math.abs(first.downloadedBytes - manifest.totalCompressedBytes)).toBeLessThanOrEqual(manifest.files.length);
    const downloads = events.filter((event) => event.phase === 'download');
    const midway = downloads[Math.floor(downloads.length / 2)]!;
    expect(midway.loadedBytes).toBeLessThan(midway.totalBytes);
    const server = fakeServer();
    const second = await loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache });
    expect(server.dataRequests()).toEqual([]);
    expect(second.data.test.labels).toEqual(first.data.test.labels);
  });

  it('still succeeds when the cache is full, with a warning that says so', async () => {
    const fullCache: ByteCache = {
      ...memoryByteCache(),
      put: async () => {
        throw new CacheFullError('Quota exceeded');
      },
    };
    const result = await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache: fullCache });
    expect(result.data.train.count).toBe(TINY_COUNTS.train);
    expect(result.cacheWarning).toMatch(/no room to keep MNIST \(needs [\d.]+ k?B\); it will download again next time/);
  });

  it('still succeeds when the cache cannot even be read', async () => {
    const brokenCache: ByteCache = {
      get: async () => {
        throw new Error('storage is gone');
      },
      put: async () => {
        throw new Error('storage is gone');
      },
      deleteOthers: async () => {
        throw new Error('storage is gone');
      },
    };
    const result = await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache: brokenCache });
    expect(result.data.test.count).toBe(TINY_COUNTS.test);
    expect(result.cacheWarning).toMatch(/would not keep MNIST \(storage is gone\)/);
  });

  it('warns when no cache was given and the environment has no IndexedDB', async () => {
    const result = await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch });
    expect(result.cacheWarning).toMatch(/will download again next time/);
  });

  it('reports progress that only grows and ends at the total, phase by phase', async () => {
    const events: LoadProgress[] = [];
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache: null, onProgress: (p) => events.push(p) });
    const loaded = events.map((event) => event.loadedBytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(events.filter((event) => event.phase === 'download').length).toBeGreaterThan(files.length);
    const phases = [...new Set(events.map((event) => event.phase))];
    expect(phases).toEqual(['manifest', 'download', 'verify', 'done']);
    expect(events.at(-1)).toEqual({
      phase: 'done',
      loadedBytes: manifest.totalCompressedBytes,
      totalBytes: manifest.totalCompressedBytes,
      fromCache: false,
    });
  });

  it('counts cached files as loaded, never past the total, even when served decompressed', async () => {
    const events: LoadProgress[] = [];
    await loadMnist({
      baseUrl: BASE_URL,
      fetch: fakeServer({ decompressed: true }).fetch,
      cache: null,
      onProgress: (p) => events.push(p),
    });
    expect(Math.max(...events.map((event) => event.loadedBytes))).toBe(manifest.totalCompressedBytes);

    const cache = memoryByteCache();
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache });
    const cachedEvents: LoadProgress[] = [];
    await loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, cache, onProgress: (p) => cachedEvents.push(p) });
    const downloads = cachedEvents.filter((event) => event.phase === 'download');
    expect(downloads.every((event) => event.fromCache)).toBe(true);
    expect(cachedEvents.at(-1)).toMatchObject({ phase: 'done', loadedBytes: manifest.totalCompressedBytes, fromCache: true });
  });

  it('stops with an AbortError when the signal is aborted', async () => {
    const before = new AbortController();
    before.abort();
    await expect(loadMnist({ baseUrl: BASE_URL, fetch: fakeServer().fetch, signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });

    const during = new AbortController();
    const server = fakeServer({
      overrides: {
        [`${trainImages.name}.gz`]: () => {
          during.abort();
          return chunkedResponse(trainImages.compressed);
        },
      },
    });
    const load = loadMnist({ baseUrl: BASE_URL, fetch: server.fetch, cache: null, signal: during.signal });
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
  });
});
