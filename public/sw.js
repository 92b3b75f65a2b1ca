/*
 * Digit Lab's service worker: keeps the course's pages and scripts so every
 * lesson opens without a network after the first visit. MNIST itself is kept
 * by the data loader in IndexedDB, so requests under data/ pass straight through.
 *
 * Pages and the shipped models (models/): network first (a redeployed lesson or
 * retrained model shows up at once), the kept copy when offline. Hashed build assets (_astro/): kept copy first; they never change.
 * Matches ignore `Vary`: hosts send `Vary: Origin` or `Vary: Accept-Encoding`, and a
 * module script's request carries an Origin header the kept copy was fetched without.
 *
 * It also adds the two headers that make a page cross-origin isolated (what
 * TF.js's wasm backend needs for threads) to everything it serves, for hosts
 * that cannot send them. Every file of the course is same-origin, so nothing breaks.
 */
const scope = self.registration.scope; // ends with '/', honours the site's base path
const PREFIX = 'digit-lab-site-';

self.addEventListener('install', (event) => {
  event.waitUntil(keepEverything().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  const path = request.url.slice(scope.length).split(/[?#]/)[0];
  if (path.startsWith('data/') || path === 'offline.json') return;
  const answer = path.startsWith('_astro/') ? keptFirst(request) : networkFirst(request);
  event.respondWith(answer.then(isolated));
});

function isolated(response) {
  if (response.status === 0 || response.headers.get('Cross-Origin-Embedder-Policy')) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('message', (event) => {
  if (event.data === 'keep-everything') event.waitUntil(keepEverything());
});

/** Fetches offline.json and keeps every file it lists, in a cache named after its version. */
async function keepEverything() {
  let list;
  try {
    const response = await fetch(`${scope}offline.json`, { cache: 'no-cache' });
    if (!response.ok) return;
    list = await response.json();
  } catch {
    return; // offline or not built with the list (the dev server): keep what passes by instead
  }
  const name = PREFIX + list.version;
  const cache = await caches.open(name);
  const missing = [];
  for (const file of list.files) {
    if (!(await cache.match(scope + file, { ignoreVary: true }))) missing.push(scope + file);
  }
  await cache.addAll(missing);
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== name) await caches.delete(key);
  }
}

async function currentCache() {
  const keys = (await caches.keys()).filter((key) => key.startsWith(PREFIX));
  return caches.open(keys[0] ?? `${PREFIX}runtime`);
}

async function keptFirst(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) (await currentCache()).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await currentCache()).put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreSearch: true, ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}
