/**
 * Helper threads for the kernel pool in Node (tests, scripts): worker_threads
 * running the pool's helper source. Browser code uses kernel-threads-browser.ts.
 */
import { Worker } from 'node:worker_threads';
import { createKernelThreadPool, NODE_PROLOGUE, type KernelThreadPool, type SpawnHelper } from './kernel-thread-pool';

export const spawnNodeHelper: SpawnHelper = (source) => {
  const worker = new Worker(source, { eval: true });
  // A helper waits for work forever: it must not keep the process alive.
  worker.unref();
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => {
      worker.on('message', listener);
      worker.on('error', (error) => listener({ ready: false, error: error.message }));
    },
    terminate: () => void worker.terminate(),
  };
};

export function createNodeKernelThreadPool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<KernelThreadPool> {
  return createKernelThreadPool(module, memory, threads, spawnNodeHelper, NODE_PROLOGUE);
}
