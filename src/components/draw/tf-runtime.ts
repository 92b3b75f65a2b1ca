/**
 * TF.js for the drawing pad, loaded on the page's main thread after the pad is already
 * usable (a dynamic import, so drawing never waits for 1 MB of TF.js). One image at a
 * time is too little work for threads, so the plain (single-threaded, SIMD) wasm build is
 * used; the 'cpu' backend is the fallback when WebAssembly is unavailable.
 *
 * Two ways in, one engine: `loadTfjsForModels()` is what reading a Layers model needs (the
 * core, layers and the wasm backend, about half of TF.js: no WebGL backend, converter or
 * tf.data), for the pad; `loadTfjs()` adds the rest of the `@tensorflow/tfjs` namespace, for
 * code cells where a student may use any of it. Both hand out the same engine and backend.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { switchBackend } from '../../lib/train/backend';
import type { Tfjs } from '../../lib/model/tfjs';
import { nextTurn } from '../dom/turns';

let loadingCore: Promise<Tfjs> | undefined;
let loadingAll: Promise<Tfjs> | undefined;

/** TF.js's core and layers on the wasm backend (or 'cpu'), loaded once per page. */
export function loadTfjsForModels(): Promise<Tfjs> {
  loadingCore ??= (async () => {
    // Evaluated a package a task (the core, layers, the wasm backend): in one go that was a
    // long task of the page, in Lighthouse's count too.
    const core = await import('@tensorflow/tfjs-core');
    // What '@tensorflow/tfjs' itself adds to the core: tensor methods (x.mul(…), which the
    // layers call) and the gradients.
    await import('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops');
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    await nextTurn();
    const layers = await import('@tensorflow/tfjs-layers');
    await nextTurn();
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    await nextTurn();
    // The namespace the course's code takes (`Tfjs`), made of the two packages it uses here.
    const tf = { ...core, ...layers } as unknown as Tfjs;
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlainUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (await switchBackend(tf, 'wasm')) return tf;
    await import('@tensorflow/tfjs-backend-cpu');
    if (await switchBackend(tf, 'cpu')) return tf;
    throw new Error('TensorFlow.js could not start in this browser (neither WebAssembly nor the plain CPU backend).');
  })();
  return loadingCore;
}

/** The whole `@tensorflow/tfjs` namespace on the same engine and backend, loaded once per page. */
export function loadTfjs(): Promise<Tfjs> {
  loadingAll ??= (async () => {
    await loadTfjsForModels();
    await nextTurn();
    return import('@tensorflow/tfjs');
  })();
  return loadingAll;
}
