/**
 * A small pool of helper threads that run the SIMD gradient module on the
 * same shared WebAssembly.Memory as the calling thread, so a kernel call can
 * be split across cores (work-split.ts says how) with no copy at all.
 *
 * Each helper instantiates the shared-memory build of the module on that
 * memory, then blocks in Atomics.wait on a small control array (its own
 * SharedArrayBuffer, not the backend's heap). The caller writes each helper's
 * calls into its slot, bumps the generation and notifies; it runs its own
 * share meanwhile, then waits (Atomics.wait) until every helper has counted
 * itself done. The caller must be allowed to block: a worker (the training
 * worker) or Node, never a page's main thread.
 *
 * Starting threads is platform code (a Worker from a Blob in the browser,
 * worker_threads in Node: kernel-threads-browser.ts / kernel-threads-node.ts);
 * this file only needs something that can post a message and hear one back.
 */
import { KERNEL_EXPORTS, type KernelCall } from './work-split';

/** What the pool needs of a started helper thread. */
export interface HelperThread {
  postMessage(message: unknown): void;
  /** Calls `listener` with each message the helper posts (its first says it is ready, or why not). */
  onMessage(listener: (message: unknown) => void): void;
  terminate(): void;
}

/** Starts a helper running `source` (plain JavaScript, see helperSource). */
export type SpawnHelper = (source: string) => HelperThread;

export interface KernelThreadPool {
  /** Threads a call can use: the caller and its helpers. */
  readonly threads: number;
  /** Runs perThread[0] here and perThread[i] on helper i, and returns when all are done. */
  run(exports: Record<string, (...args: number[]) => void>, perThread: KernelCall[][]): void;
  close(): void;
}

/** Control array: generation, helpers still busy, helpers that failed; then one slot per helper. */
const GENERATION = 0;
const PENDING = 1;
const FAILED = 2;
const HEADER = 4;
/** Longest argument list of a KERNEL_EXPORTS function. */
const MAX_ARGS = 19;
const MAX_CALLS = 4;
const CALL_INTS = 2 + MAX_ARGS; // kernel, argument count, arguments
const SLOT_INTS = 1 + MAX_CALLS * CALL_INTS; // call count, calls
const STOP = -1;
/** How long a helper may take to start before the kernels stay on one thread. */
const READY_TIMEOUT_MS = 20_000;

/**
 * The helper's whole program. Plain JavaScript in a string (not a bundled
 * module) so it starts from a Blob or an eval'd Node worker alike;
 * `prologue` hooks it to the platform's messages.
 */
function helperSource(prologue: string): string {
  return `${prologue}
async function start(init, post) {
  let exports;
  try {
    const instance = await WebAssembly.instantiate(init.module, { env: { memory: init.memory } });
    exports = init.names.map((name) => instance.exports[name]);
  } catch (error) {
    post({ ready: false, error: String(error && error.message || error) });
    return;
  }
  const control = new Int32Array(init.control);
  const base = ${HEADER} + init.slot * ${SLOT_INTS};
  // Read before saying ready: the first job may bump the generation as soon as the caller hears it.
  let generation = Atomics.load(control, ${GENERATION});
  post({ ready: true });
  for (;;) {
    Atomics.wait(control, ${GENERATION}, generation);
    generation = Atomics.load(control, ${GENERATION});
    if (generation === ${STOP}) return;
    try {
      const calls = control[base];
      for (let c = 0; c < calls; c++) {
        const at = base + 1 + c * ${CALL_INTS};
        const args = Array.from(control.subarray(at + 2, at + 2 + control[at + 1]));
        exports[control[at]](...args);
      }
    } catch (error) {
      Atomics.add(control, ${FAILED}, 1);
    }
    if (Atomics.sub(control, ${PENDING}, 1) === 1) Atomics.notify(control, ${PENDING});
  }
}`;
}

/** The prologue for a browser Worker started from a Blob. */
export const BROWSER_PROLOGUE = 'self.onmessage = (event) => { self.onmessage = null; start(event.data, (m) => self.postMessage(m)); };';
/** The prologue for a Node worker_threads Worker started with `eval: true`. */
export const NODE_PROLOGUE =
  "const { parentPort } = require('node:worker_threads'); parentPort.once('message', (data) => start(data, (m) => parentPort.postMessage(m)));";

/**
 * Starts `threads - 1` helpers on `memory` (shared) with `module` (the
 * shared-memory build) and resolves once all of them have instantiated it.
 * Rejects, with every helper stopped, if one cannot.
 */
export async function createKernelThreadPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  threads: number,
  spawn: SpawnHelper,
  prologue: string,
): Promise<KernelThreadPool> {
  if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('Kernel threads need a shared WebAssembly.Memory');
  const helperCount = Math.max(0, Math.floor(threads) - 1);
  const control = new Int32Array(new SharedArrayBuffer((HEADER + helperCount * SLOT_INTS) * 4));
  const source = helperSource(prologue);
  const helpers: HelperThread[] = [];
  const stopAll = () => {
    Atomics.store(control, GENERATION, STOP);
    Atomics.notify(control, GENERATION);
    for (const helper of helpers) helper.terminate();
  };
  try {
    await Promise.all(
      Array.from({ length: helperCount }, (_, slot) => {
        const helper = spawn(source);
        helpers.push(helper);
        return new Promise<void>((resolve, reject) => {
          // A safety net, not a measurement: a helper that never answers must not hold training up.
          const silence = setTimeout(() => reject(new Error(`A kernel thread did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
          helper.onMessage((message) => {
            clearTimeout(silence);
            const answer = message as { ready?: boolean; error?: string };
            if (answer.ready) resolve();
            else reject(new Error(`A kernel thread could not start: ${answer.error ?? 'unknown error'}`));
          });
          helper.postMessage({ module, memory, control: control.buffer, slot, names: [...KERNEL_EXPORTS] });
        });
      }),
    );
  } catch (error) {
    stopAll();
    throw error;
  }
  let closed = false;
  return {
    threads: helperCount + 1,
    run(exports, perThread) {
      const [own = [], ...rest] = perThread;
      if (rest.length > helperCount) throw new Error(`${perThread.length} shares for a pool of ${helperCount + 1} threads`);
      if (closed || rest.length === 0) {
        perThread.forEach((calls) => runCalls(exports, calls));
        return;
      }
      // Every helper wakes and counts itself done; those without a share run an empty slot.
      for (let slot = 0; slot < helperCount; slot++) writeSlot(control, slot, rest[slot] ?? []);
      Atomics.store(control, FAILED, 0);
      Atomics.store(control, PENDING, helperCount);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
      try {
        runCalls(exports, own);
      } finally {
        // Even if this share failed: the helpers are still writing into the same memory.
        for (let pending = Atomics.load(control, PENDING); pending !== 0; pending = Atomics.load(control, PENDING)) {
          Atomics.wait(control, PENDING, pending);
        }
      }
      if (Atomics.load(control, FAILED) > 0) throw new Error('A kernel thread failed');
    },
    close() {
      if (closed) return;
      closed = true;
      stopAll();
    },
  };
}

function writeSlot(control: Int32Array, slot: number, calls: KernelCall[]): void {
  if (calls.length > MAX_CALLS) throw new Error(`At most ${MAX_CALLS} calls per thread, got ${calls.length}`);
  const base = HEADER + slot * SLOT_INTS;
  control[base] = calls.length;
  calls.forEach((call, c) => {
    if (call.args.length > MAX_ARGS) throw new Error(`At most ${MAX_ARGS} arguments per call, got ${call.args.length}`);
    const at = base + 1 + c * CALL_INTS;
    control[at] = call.kernel;
    control[at + 1] = call.args.length;
    control.set(call.args, at + 2);
  });
}

/** Runs calls on this thread (the caller's share, and everything on one thread). */
export function runCalls(exports: Record<string, (...args: number[]) => void>, calls: KernelCall[]): void {
  for (const call of calls) exports[KERNEL_EXPORTS[call.kernel]!]!(...call.args);
}
