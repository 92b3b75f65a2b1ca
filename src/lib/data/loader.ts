/**
 * Loads MNIST into the browser: reads manifest.json, takes each file from the browser's
 * cache or downloads it, checks every byte against the manifest, and parses the IDX data.
 *
 * Errors a student can hit (no network, a damaged download, a broken deployment) become a
 * DataLoadError whose message says what to do. A cache that cannot store anything never
 * fails a load; it only means downloading again next time, and `cacheWarning` says so.
 */
import { readBodyWithProgress } from './download';
import { formatBytes } from '../site/format';
import { gunzip, isGzip } from './gzip';
import { ProgressTracker, type LoadProgress } from './load-progress';
import { findFile, validateManifest, type DataFile, type DataManifest } from './manifest';
import { imageSetFromIdx, MnistData, type ImageSet, type SplitName } from './mnist';
import { sha256Hex } from './sha256';
import { CacheFullError, openIndexedDbCache, type ByteCache } from '../store/byte-cache';

export type { LoadProgress } from './load-progress';

export interface LoadResult {
  data: MnistData;
  manifest: DataManifest;
  /** True when no byte was downloaded. */
  fromCache: boolean;
  downloadedBytes: number;
  cacheWarning?: string;
}

export class DataLoadError extends Error {
  override name = 'DataLoadError';
}

export interface LoadOptions {
  /** URL of the folder holding manifest.json, ending with '/'. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Leave out to use IndexedDB; null to keep nothing. */
  cache?: ByteCache | null;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

interface FetchedFile {
  file: DataFile;
  bytes: Uint8Array;
  fromCache: boolean;
}

const RETRY_ADVICE = 'Check your connection and press Load again.';
const SITE_ADVICE = 'The site’s data files are missing or broken; tell whoever runs the site.';

export async function loadMnist(options: LoadOptions): Promise<LoadResult> {
  const { signal } = options;
  signal?.throwIfAborted();
  const fetchFile = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const report = options.onProgress ?? (() => {});
  const warnings: string[] = [];

  report({ phase: 'manifest', loadedBytes: 0, totalBytes: 0, fromCache: false });
  const cache = options.cache === undefined ? await openDefaultCache(warnings) : options.cache;
  const manifest = await fetchManifest(fetchFile, baseUrl, cache, signal);
  const progress = new ProgressTracker(manifest.totalCompressedBytes, report);

  // One failed file stops the others, rather than letting them download for nothing.
  signal?.throwIfAborted();
  const siblings = new AbortController();
  const stopSiblings = () => siblings.abort(signal?.reason);
  signal?.addEventListener('abort', stopSiblings, { once: true });
  let fetched: FetchedFile[];
  try {
    fetched = await Promise.all(
      manifest.files.map((file) =>
        fetchDataFile(file, { fetchFile, baseUrl, cache, progress, signal: siblings.signal }).catch((error: unknown) => {
          siblings.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', stopSiblings);
  }

  signal?.throwIfAborted();
  const data = await decodeFiles(manifest, fetched, progress);
  if (cache) await rememberFiles(cache, manifest, fetched, warnings);
  progress.finish();
  const downloadedBytes = progress.downloadedBytes;
  const result: LoadResult = { data, manifest, fromCache: !progress.anyDownloaded, downloadedBytes };
  if (warnings.length > 0) result.cacheWarning = warnings[0];
  return result;
}

const MANIFEST_KEY = 'manifest.json';

/**
 * The manifest is asked for on every load (`no-cache` revalidates it), so a
 * redeployed site's new data is noticed. With no network at all, the copy
 * kept with the cached files is used: that is what makes a second visit work offline.
 */
async function fetchManifest(fetchFile: typeof fetch, baseUrl: string, cache: ByteCache | null, signal?: AbortSignal): Promise<DataManifest> {
  let response: Response;
  try {
    response = await request(fetchFile, `${baseUrl}${MANIFEST_KEY}`, 'the data list manifest.json', { cache: 'no-cache', signal });
  } catch (error) {
    const offline = error instanceof DataLoadError && !/HTTP \d+/.test(error.message);
    const kept = offline ? await cache?.get(MANIFEST_KEY).catch(() => undefined) : undefined;
    if (!kept) throw error;
    return validateManifest(JSON.parse(new TextDecoder().decode(kept)));
  }
  return readManifest(response);
}

async function readManifest(response: Response): Promise<DataManifest> {
  try {
    return validateManifest(await response.json());
  } catch (error) {
    throw new DataLoadError(`The data list manifest.json is not valid (${errorText(error)}). ${SITE_ADVICE}`);
  }
}

async function openDefaultCache(warnings: string[]): Promise<ByteCache | null> {
  try {
    return await openIndexedDbCache();
  } catch (error) {
    warnings.push(`Your browser will not keep MNIST (${errorText(error)}); it will download again next time.`);
    return null;
  }
}

interface FetchContext {
  fetchFile: typeof fetch;
  baseUrl: string;
  cache: ByteCache | null;
  progress: ProgressTracker;
  signal: AbortSignal;
}

async function fetchDataFile(file: DataFile, context: FetchContext): Promise<FetchedFile> {
  const cached = await context.cache?.get(cacheKey(file)).catch(() => undefined);
  if (cached && (await matchesManifest(file, cached))) {
    context.progress.completed(file, true);
    return { file, bytes: cached, fromCache: true };
  }
  context.signal.throwIfAborted();
  const response = await request(context.fetchFile, context.baseUrl + file.path, file.name, { signal: context.signal });
  try {
    const unpackedByBrowser = /gzip/i.test(response.headers.get('Content-Encoding') ?? '');
    const bytes = await readBodyWithProgress(response, (received) => context.progress.received(file, received, unpackedByBrowser));
    context.progress.completed(file, false);
    return { file, bytes, fromCache: false };
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw new DataLoadError(`The download of ${file.name} broke off (${errorText(error)}). ${RETRY_ADVICE}`);
  }
}

async function request(fetchFile: typeof fetch, url: string, what: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFile(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new DataLoadError(`Could not download ${what} (${errorText(error)}). ${RETRY_ADVICE}`);
  }
  if (!response.ok) {
    const advice = response.status === 404 ? SITE_ADVICE : RETRY_ADVICE;
    throw new DataLoadError(`Could not download ${what} (HTTP ${response.status}). ${advice}`);
  }
  return response;
}

/**
 * Some static hosts serve .gz files with `Content-Encoding: gzip`, and then the browser
 * hands over the decompressed bytes. So: gzip bytes are checked against the compressed
 * checksum, anything else against the raw one.
 */
async function matchesManifest(file: DataFile, bytes: Uint8Array): Promise<boolean> {
  if (isGzip(bytes)) {
    return bytes.length === file.compressedBytes && (await sha256Hex(bytes)) === file.compressedSha256;
  }
  return bytes.length === file.rawBytes && (await sha256Hex(bytes)) === file.sha256;
}

async function decodeFiles(manifest: DataManifest, fetched: FetchedFile[], progress: ProgressTracker): Promise<MnistData> {
  const rawByName = new Map<string, Uint8Array>();
  for (const { file, bytes, fromCache } of fetched) {
    progress.verifying(file);
    if (!fromCache && !(await matchesManifest(file, bytes))) {
      throw new DataLoadError(`${file.name} was damaged on the way (checksum mismatch). Press Load again to download it again.`);
    }
    rawByName.set(file.name, isGzip(bytes) ? await decompress(file, bytes) : bytes);
  }
  const imageSet = (split: SplitName): ImageSet => {
    const images = findFile(manifest, split, 'images');
    const labels = findFile(manifest, split, 'labels');
    try {
      const set = imageSetFromIdx(rawByName.get(images.name)!, rawByName.get(labels.name)!);
      if (set.count !== images.count) throw new Error(`expected ${images.count} images, found ${set.count}`);
      return set;
    } catch (error) {
      throw new DataLoadError(`The ${split} data is not valid MNIST (${errorText(error)}). ${SITE_ADVICE}`);
    }
  };
  return new MnistData(imageSet('train'), imageSet('test'));
}

async function decompress(file: DataFile, bytes: Uint8Array): Promise<Uint8Array> {
  try {
    return await gunzip(bytes);
  } catch (error) {
    throw new DataLoadError(`${file.name} could not be unpacked (${errorText(error)}). Press Load again to download it again.`);
  }
}

async function rememberFiles(cache: ByteCache, manifest: DataManifest, fetched: FetchedFile[], warnings: string[]): Promise<void> {
  const toStore = fetched.filter((entry) => !entry.fromCache);
  const neededBytes = toStore.reduce((total, entry) => total + entry.bytes.length, 0);
  for (const { file, bytes } of toStore) {
    try {
      await cache.put(cacheKey(file), bytes);
    } catch (error) {
      warnings.push(
        error instanceof CacheFullError
          ? `Your browser has no room to keep MNIST (needs ${formatBytes(neededBytes)}); it will download again next time.`
          : `Your browser would not keep MNIST (${errorText(error)}); it will download again next time.`,
      );
      return;
    }
  }
  try {
    await cache.put(MANIFEST_KEY, new TextEncoder().encode(JSON.stringify(manifest)));
  } catch {
    // Without it only an offline visit fails; online loads still use the cached files.
  }
  // Drop files from older versions of the data; a failure here costs only disk space.
  await cache.deleteOthers([MANIFEST_KEY, ...fetched.map((entry) => cacheKey(entry.file))]).catch(() => undefined);
}

/** The compressed checksum is in the key, so new data on the server never hits an old entry. */
function cacheKey(file: DataFile): string {
  return `${file.name}@${file.compressedSha256}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
