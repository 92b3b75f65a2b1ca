/**
 * The bytes of the SIMD gradient module in Node (tests, scripts): it sits
 * beside its C source in ./wasm/. Browser code uses wasm-bytes-browser.ts.
 */
import { readFile } from 'node:fs/promises';

export const TRAINING_KERNELS_WASM_URL = new URL('./wasm/training-kernels.wasm', import.meta.url);

export async function loadTrainingKernelsWasm(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(TRAINING_KERNELS_WASM_URL));
}

export const SHARED_TRAINING_KERNELS_WASM_URL = new URL('./wasm/training-kernels-shared.wasm', import.meta.url);

/** The same kernels built for a shared memory (the threaded backend's). */
export async function loadSharedTrainingKernelsWasm(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(SHARED_TRAINING_KERNELS_WASM_URL));
}
