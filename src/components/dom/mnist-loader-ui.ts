/**
 * Loads MNIST on a lesson page with a progress bar, once per page: every
 * lesson's "Load MNIST" cell calls this, so they all show the same thing and
 * share the one loader in src/lib/data.
 */
import { loadMnist, type LoadProgress, type LoadResult } from '../../lib/data/loader';
import { openIndexedDbCache, type ByteCache } from '../../lib/store/byte-cache';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../lib/site/format';
import { withBase } from '../../lib/site/url';

let pending: Promise<LoadResult> | undefined;

export async function loadMnistWithProgress(output: HTMLElement, status: (message: string) => void): Promise<LoadResult> {
  const bar = document.createElement('progress');
  bar.className = 'load-progress';
  bar.dataset.testid = 'load-progress';
  const label = document.createElement('p');
  label.className = 'load-label';
  label.setAttribute('aria-live', 'polite');
  label.textContent = 'Asking for the data…';
  bar.setAttribute('aria-label', 'MNIST download progress');
  output.append(bar, label);

  const onProgress = (progress: LoadProgress): void => {
    bar.max = progress.totalBytes || 1;
    bar.value = progress.loadedBytes;
    const percent = formatPercent(progress.loadedBytes, progress.totalBytes);
    const verb = progress.fromCache ? 'Reading from this browser' : 'Downloading';
    label.textContent =
      progress.phase === 'verify'
        ? 'Checking the files…'
        : `${verb}: ${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)} (${percent})`;
    status(`Loading… ${percent}`);
  };

  const started = performance.now();
  pending ??= openCache().then((cache) =>
    loadMnist({ baseUrl: withBase('data/mnist/'), cache: cache.cache, onProgress }).then((result) =>
      cache.warning && !result.cacheWarning ? { ...result, cacheWarning: cache.warning } : result,
    ),
  );
  let result: LoadResult;
  try {
    result = await pending;
  } catch (error) {
    pending = undefined; // let the student press Load again
    bar.remove();
    label.remove();
    throw error;
  }
  const elapsed = performance.now() - started;
  bar.max = 1;
  bar.value = 1;
  label.textContent = result.fromCache
    ? `Read from this browser's storage in ${formatDuration(elapsed)}: nothing was downloaded.`
    : `Downloaded ${formatBytes(result.downloadedBytes)} and checked every byte in ${formatDuration(elapsed)}.`;
  output.dataset.loadMs = String(Math.round(elapsed));
  output.dataset.fromCache = String(result.fromCache);
  output.dataset.downloadedBytes = String(result.downloadedBytes);
  output.append(summaryTable(result));
  if (result.cacheWarning) {
    const warning = document.createElement('p');
    warning.className = 'load-warning';
    warning.setAttribute('role', 'status');
    warning.textContent = result.cacheWarning;
    output.append(warning);
  }
  return result;
}

async function openCache(): Promise<{ cache: ByteCache | null; warning?: string }> {
  try {
    return { cache: await openIndexedDbCache() };
  } catch {
    return {
      cache: null,
      warning: 'This browser will not let the page keep the data (storage is off or private), so it downloads again on every visit.',
    };
  }
}

function summaryTable(result: LoadResult): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'data-table';
  const { train, test } = result.data;
  table.innerHTML = `
    <caption>What was loaded</caption>
    <thead><tr><th scope="col">Set</th><th scope="col">Images</th><th scope="col">Size of one image</th></tr></thead>
    <tbody>
      <tr><th scope="row">Training</th><td data-testid="train-count">${formatCount(train.count)}</td><td>${train.rows} × ${train.cols} pixels</td></tr>
      <tr><th scope="row">Test</th><td data-testid="test-count">${formatCount(test.count)}</td><td>${test.rows} × ${test.cols} pixels</td></tr>
    </tbody>`;
  return table;
}
