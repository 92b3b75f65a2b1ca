/**
 * The bytes of the SIMD gradient module in the browser: Vite copies the .wasm
 * into the build and gives its URL (the `?url` import), which we fetch.
 */
import trainingKernelsWasmUrl from './wasm/training-kernels.wasm?url';

export async function loadTrainingKernelsWasm(): Promise<ArrayBuffer> {
  const response = await fetch(trainingKernelsWasmUrl);
  if (!response.ok) throw new Error(`Could not load ${trainingKernelsWasmUrl}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
