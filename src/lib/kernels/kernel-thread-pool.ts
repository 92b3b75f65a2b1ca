/**
 * A small pool of helper threads that run the SIMD gradient module on the
 * same shared WebAssembly.Memory as the calling thread, so a kernel call can
 * be split across cores (work-split.ts says how) with no copy at all.
 *
 * A call comes as independent chunks (a few per thread), which the threads
 * claim one at a time from a shared counter: a thread that the machine
 * descheduled, or a helper slow to wake, leaves its chunks to the others
 * instead of holding the whole call up (on a 2-core virtual machine with
 * 30% steal, static halves made two threads slower than one). Every chunk is
 * the same exported function on its own part of the output, so the result
 * does not depend on which thread ran what.
 *
 * Each helper instantiates the shared-memory build of the module on that
 * memory, then blocks in Atomics.wait on a small control array (its own
 * SharedArrayBuffer, not the backend's heap). The caller writes the chunks into
 * the table, publishes the claim word (generation, chunk count, next chunk) and
 * notifies; it claims and runs chunks itself, then waits (Atomics.wait) until
 * every chunk is done. A helper that wakes late finds nothing left to claim.
 * The caller must be allowed to block: a worker (the training worker) or Node,
 * never a page's main thread.
 *
 * Starting threads is platform code (a Worker from a Blob in the browser,
 * worker_threads in Node: kernel-threads-browser.ts / kernel-threads-node.ts);
 * this file only needs something that can post a message and hear one back.
 */
import { KERNEL_EXPORTS, MAX_CHUNKS, type KernelCall } from './work-split';

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
  /** Runs the chunks (each a list of calls, independent of the others) on every thread, and returns when all are done. */
  run(exports: Record<string, (...args: number[]) => void>, chunks: KernelCall[][]): void;
  close(): void;
}

/**
 * Control array: the claim word, chunks done, chunks that failed; then the chunk table.
 * The claim word packs a generation (8 bits), the chunk count and the next chunk to claim
 * (12 bits each), so one compare-exchange claims a chunk of exactly the job it read.
 */
const CLAIM = 0;
const DONE = 1;
const FAILED = 2;
const HEADER = 4;
/** Longest argument list of a KERNEL_EXPORTS function. */
const MAX_ARGS = 19;
/** Calls in one chunk (a filter-gradient run of taps takes up to three). */
const MAX_CALLS = 4;
const CALL_INTS = 2 + MAX_ARGS; // kernel, argument count, arguments
const CHUNK_INTS = 1 + MAX_CALLS * CALL_INTS; // call count, calls
const COUNT_BITS = 12;
const INDEX_MASK = (1 << COUNT_BITS) - 1;
/** The claim word that tells helpers to return. */
const STOP = -1;
/** How long a helper may take to start before the kernels stay on one thread. */
const READY_TIMEOUT_MS = 20_000;

/**
 * Claims and runs chunks of the job in `control` until none is left; `run(chunk)` runs one,
 * returning false if it failed. Returns the claim word it last saw. The helpers run the same
 * loop, written out in helperSource (text: a bundler may rename what a function's source names).
 */
function claimAndRun(control: Int32Array, run: (chunk: number) => boolean): number {
  let word = Atomics.load(control, CLAIM);
  for (;;) {
    const next = word & INDEX_MASK;
    const count = (word >>> COUNT_BITS) & INDEX_MASK;
    if (word === STOP || next >= count) return word;
    const seen = Atomics.compareExchange(control, CLAIM, word, word + 1);
    if (seen !== word) {
      word = seen;
      continue;
    }
    if (!run(next)) Atomics.add(control, FAILED, 1);
    if (Atomics.add(control, DONE, 1) + 1 === count) Atomics.notify(control, DONE);
    word = Atomics.load(control, CLAIM);
  }
}

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
  post({ ready: true });
  let word = Atomics.load(control, ${CLAIM});
  for (;;) {
    if (word === ${STOP}) return;
    const next = word & ${INDEX_MASK};
    const count = (word >>> ${COUNT_BITS}) & ${INDEX_MASK};
    if (next >= count) {
      Atomics.wait(control, ${CLAIM}, word);
      word = Atomics.load(control, ${CLAIM});
      continue;
    }
    const seen = Atomics.compareExchange(control, ${CLAIM}, word, word + 1);
    if (seen !== word) {
      word = seen;
      continue;
    }
    try {
      const base = ${HEADER} + next * ${CHUNK_INTS};
      const calls = control[base];
      for (let c = 0; c < calls; c++) {
        const at = base + 1 + c * ${CALL_INTS};
        exports[control[at]](...Array.from(control.subarray(at + 2, at + 2 + control[at + 1])));
      }
    } catch (error) {
      Atomics.add(control, ${FAILED}, 1);
    }
    if (Atomics.add(control, ${DONE}, 1) + 1 === count) Atomics.notify(control, ${DONE});
    word = Atomics.load(control, ${CLAIM});
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
  const control = new Int32Array(new SharedArrayBuffer((HEADER + MAX_CHUNKS * CHUNK_INTS) * 4));
  const source = helperSource(prologue);
  const helpers: HelperThread[] = [];
  const stopAll = () => {
    Atomics.store(control, CLAIM, STOP);
    Atomics.notify(control, CLAIM);
    for (const helper of helpers) helper.terminate();
  };
  try {
    await Promise.all(
      Array.from({ length: helperCount }, () => {
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
          helper.postMessage({ module, memory, control: control.buffer, names: [...KERNEL_EXPORTS] });
        });
      }),
    );
  } catch (error) {
    stopAll();
    throw error;
  }
  let closed = false;
  let generation = 0;
  return {
    threads: helperCount + 1,
    run(exports, chunks) {
      if (closed || helperCount === 0 || chunks.length <= 1) {
        chunks.forEach((calls) => runCalls(exports, calls));
        return;
      }
      if (chunks.length > MAX_CHUNKS) throw new Error(`At most ${MAX_CHUNKS} chunks per call, got ${chunks.length}`);
      chunks.forEach((calls, chunk) => writeChunk(control, chunk, calls));
      Atomics.store(control, DONE, 0);
      Atomics.store(control, FAILED, 0);
      generation = (generation + 1) & 0xff;
      Atomics.store(control, CLAIM, ((generation << (2 * COUNT_BITS)) | (chunks.length << COUNT_BITS)) >>> 0);
      Atomics.notify(control, CLAIM);
      let failure: unknown;
      claimAndRun(control, (chunk) => {
        try {
          runCalls(exports, chunks[chunk]!);
          return true;
        } catch (error) {
          failure ??= error;
          return false;
        }
      });
      // Every chunk claimed; wait for the helpers' last ones (they write into the same memory).
      for (let done = Atomics.load(control, DONE); done !== chunks.length; done = Atomics.load(control, DONE)) {
        Atomics.wait(control, DONE, done);
      }
      if (failure !== undefined) throw failure;
      if (Atomics.load(control, FAILED) > 0) throw new Error('A kernel thread failed');
    },
    close() {
      if (closed) return;
      closed = true;
      stopAll();
    },
  };
}

function writeChunk(control: Int32Array, chunk: number, calls: KernelCall[]): void {
  if (calls.length > MAX_CALLS) throw new Error(`At most ${MAX_CALLS} calls per chunk, got ${calls.length}`);
  const base = HEADER + chunk * CHUNK_INTS;
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
