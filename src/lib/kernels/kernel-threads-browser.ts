/**
 * Helper threads for the kernel pool in the browser: dedicated Workers started
 * from a Blob of the pool's helper source (the training worker starts them, so
 * they are nested workers). Node code uses kernel-threads-node.ts.
 */
import { BROWSER_PROLOGUE, createKernelThreadPool, type KernelThreadPool, type SpawnHelper } from './kernel-thread-pool';

export const spawnBrowserHelper: SpawnHelper = (source) => {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'digit-lab-kernel-thread' });
  // Kept until the helper has answered: it may still be loading its script.
  const revoke = () => URL.revokeObjectURL(url);
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => {
      worker.onmessage = (event) => {
        revoke();
        listener(event.data);
      };
      worker.onerror = (event) => {
        revoke();
        listener({ ready: false, error: event.message || 'the worker did not start' });
      };
    },
    terminate: () => {
      revoke();
      worker.terminate();
    },
  };
};

export function createBrowserKernelThreadPool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<KernelThreadPool> {
  return createKernelThreadPool(module, memory, threads, spawnBrowserHelper, BROWSER_PROLOGUE);
}
