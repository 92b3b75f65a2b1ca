/**
 * The bytes of the SIMD gradient module in the browser: Vite copies the .wasm
 * into the build and gives its URL (the `?url` import), which we fetch.
 * Each loader gives the relaxed-SIMD build (fused multiply-add) where this
 * browser validates it (Chrome 114+), else the plain-SIMD build.
 */
import relaxedSharedTrainingKernelsWasmUrl from './wasm/training-kernels-relaxed-shared.wasm?url';
import relaxedTrainingKernelsWasmUrl from './wasm/training-kernels-relaxed.wasm?url';
import sharedTrainingKernelsWasmUrl from './wasm/training-kernels-shared.wasm?url';
import trainingKernelsWasmUrl from './wasm/training-kernels.wasm?url';
import { preferRelaxed, type KernelBuildChoice } from './wasm-build-choice';

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

export function loadTrainingKernelsWasm(choice: KernelBuildChoice = {}): Promise<ArrayBuffer> {
  return preferRelaxed(choice, () => fetchBytes(relaxedTrainingKernelsWasmUrl), () => fetchBytes(trainingKernelsWasmUrl));
}

/** The same kernels built for a shared memory (the threaded backend's, when the page is cross-origin isolated). */
export function loadSharedTrainingKernelsWasm(choice: KernelBuildChoice = {}): Promise<ArrayBuffer> {
  return preferRelaxed(choice, () => fetchBytes(relaxedSharedTrainingKernelsWasmUrl), () => fetchBytes(sharedTrainingKernelsWasmUrl));
}
