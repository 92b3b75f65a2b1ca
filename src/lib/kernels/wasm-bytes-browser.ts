/**
 * The bytes of the SIMD gradient module in the browser: Vite copies the .wasm
 * into the build and gives its URL (the `?url` import), which we fetch.
 */
import sharedTrainingKernelsWasmUrl from './wasm/training-kernels-shared.wasm?url';
import trainingKernelsWasmUrl from './wasm/training-kernels.wasm?url';

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

export function loadTrainingKernelsWasm(): Promise<ArrayBuffer> {
  return fetchBytes(trainingKernelsWasmUrl);
}

/** The same kernels built for a shared memory (the threaded backend's, when the page is cross-origin isolated). */
export function loadSharedTrainingKernelsWasm(): Promise<ArrayBuffer> {
  return fetchBytes(sharedTrainingKernelsWasmUrl);
}
