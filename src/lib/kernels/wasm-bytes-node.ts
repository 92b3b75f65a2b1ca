/**
 * The bytes of the SIMD gradient module in Node (tests, scripts): it sits
 * beside its C source in ./wasm/. Browser code uses wasm-bytes-browser.ts.
 * Each loader gives the relaxed-SIMD build where this Node validates it (Node 20
 * only with --experimental-wasm-relaxed-simd, which vitest.config.ts sets), else
 * the plain-SIMD build; `{ relaxed: false }` asks for the plain one.
 */
import { readFile } from 'node:fs/promises';
import { preferRelaxed, type KernelBuildChoice } from './wasm-build-choice';

export const TRAINING_KERNELS_WASM_URL = new URL('./wasm/training-kernels.wasm', import.meta.url);
export const SHARED_TRAINING_KERNELS_WASM_URL = new URL('./wasm/training-kernels-shared.wasm', import.meta.url);
const RELAXED_URL = new URL('./wasm/training-kernels-relaxed.wasm', import.meta.url);
const RELAXED_SHARED_URL = new URL('./wasm/training-kernels-relaxed-shared.wasm', import.meta.url);

const bytesOf = async (url: URL): Promise<Uint8Array<ArrayBuffer>> => new Uint8Array(await readFile(url));

export function loadTrainingKernelsWasm(choice: KernelBuildChoice = {}): Promise<Uint8Array<ArrayBuffer>> {
  return preferRelaxed(choice, () => bytesOf(RELAXED_URL), () => bytesOf(TRAINING_KERNELS_WASM_URL));
}

/** The same kernels built for a shared memory (the threaded backend's). */
export function loadSharedTrainingKernelsWasm(choice: KernelBuildChoice = {}): Promise<Uint8Array<ArrayBuffer>> {
  return preferRelaxed(choice, () => bytesOf(RELAXED_SHARED_URL), () => bytesOf(SHARED_TRAINING_KERNELS_WASM_URL));
}
