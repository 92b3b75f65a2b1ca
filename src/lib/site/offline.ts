/**
 * Which built files the service worker keeps for offline use. Everything the
 * pages need (HTML, scripts, styles, icons) is small, so all of it is kept on
 * the first visit and every lesson opens offline afterwards, visited or not.
 * The shipped models (models/, about 1 MB each) are kept too, so the drawing
 * pad reads digits offline, and so are the held-out pen writers (data/pendigits/, 316 kB) that
 * lesson 5 scores. MNIST is left out: the data loader keeps it in IndexedDB itself, and a second
 * 11 MB copy would only cost the student disk space.
 */
export interface OfflineList {
  /** Changes whenever the list does; names the service worker's cache. */
  version: string;
  /** Paths relative to the site's base, e.g. `lessons/meet-the-data/` or `_astro/grid.js`. */
  files: string[];
}

const LEFT_OUT = [/^data\/(?!pendigits\/)/, /^sw\.js$/, /^offline\.json$/, /\.map$/];

export function offlineList(builtFiles: readonly string[], contentHashes: readonly string[]): OfflineList {
  const files = builtFiles
    .map((path) => path.replace(/\\/g, '/'))
    .filter((path) => !LEFT_OUT.some((pattern) => pattern.test(path)))
    .map((path) => (path === 'index.html' ? '' : path.replace(/(^|\/)index\.html$/, '$1')))
    .sort();
  return { version: fnv1a([...files, ...contentHashes].join('\n')), files };
}

/** A short, stable hash: enough to tell one build's list from another's. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
