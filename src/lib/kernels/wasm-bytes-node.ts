/**
 * The bytes of the SIMD gradient module in Node (tests, scripts): it sits
 * beside its C source in ./wasm/. Browser code uses wasm-bytes-browser.ts.
 */
import { readFile } from 'node:fs/promises';

export const TRAINING_KERNELS_WASM_URL = new URL('./wasm/training-kernels.wasm', import.meta.url);

export async function loadTrainingKernelsWasm(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(TRAINING_KERNELS_WASM_URL));
}
