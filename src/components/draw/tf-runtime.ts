/**
 * TF.js for the drawing pad, loaded on the page's main thread after the pad is already
 * usable (a dynamic import, so drawing never waits for 1 MB of TF.js). One image at a
 * time is too little work for threads, so the plain (single-threaded, SIMD) wasm build is
 * used; the 'cpu' backend is the fallback when WebAssembly is unavailable.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { switchBackend } from '../../lib/train/backend';
import type { Tfjs } from '../../lib/model/tfjs';
import { nextTurn } from '../dom/turns';

let loading: Promise<Tfjs> | undefined;

/** TF.js with the wasm backend (or 'cpu'), loaded once per page. */
export function loadTfjs(): Promise<Tfjs> {
  loading ??= (async () => {
    // About 1 MB of modules, evaluated a package a task (the core, layers, the wasm backend, then
    // the rest of TF.js): in one go that was a long task of the page, in Lighthouse's count too.
    await import('@tensorflow/tfjs-core');
    await nextTurn();
    await import('@tensorflow/tfjs-layers');
    await nextTurn();
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    await nextTurn();
    const tf = await import('@tensorflow/tfjs');
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlainUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await switchBackend(tf, 'wasm')) && !(await switchBackend(tf, 'cpu'))) {
      throw new Error('TensorFlow.js could not start in this browser (neither WebAssembly nor the plain CPU backend).');
    }
    return tf;
  })();
  return loading;
}
