/**
 * How many threads a training run uses on the wasm backend. The threaded
 * build (only on a cross-origin isolated page: it needs shared memory) lets
 * our kernels run a pool on that same memory: every core (up to
 * MAX_TRAINING_THREADS), unless the page asks for one (`?threads=1`, which
 * also keeps TF.js's single-threaded build) or cannot share memory.
 *
 * XNNPACK keeps one thread beside that pool. The convolutions, forward and
 * back, are ours (fused-training.ts, gradient-kernels.ts), so XNNPACK is left
 * the dense layers and pooling; its pthreadpool spins after each job, and with
 * two of its threads next to ours on two cores the step measured slower
 * (bench, 2026-12-02: tutorial CNN 9,200 and 8,000 images/s with XNNPACK on 2
 * threads, 12,100 and 10,900 with it on 1). `xnnpack` > 1 only when asked.
 */
export const MAX_TRAINING_THREADS = 8;

export interface TrainingThreads {
  /** Keep TF.js's single-threaded wasm build (set WASM_HAS_MULTITHREAD_SUPPORT false before it starts). */
  singleThreadedBuild: boolean;
  /** For setThreadsCount (XNNPACK's pool, the calling thread included). */
  xnnpack: number;
  /** For our kernels' pool (the calling thread included). */
  kernels: number;
}

/**
 * `requested`: the request's wasmThreads (undefined: every core);
 * `cores`: navigator.hardwareConcurrency; `isolated`: crossOriginIsolated.
 */
export function trainingThreads(
  requested: number | undefined,
  cores: number | undefined,
  isolated: boolean,
  xnnpackRequested?: number,
): TrainingThreads {
  const available = Math.max(1, Math.min(MAX_TRAINING_THREADS, Math.floor(cores ?? 1) || 1));
  const wanted = asked(requested) ?? available;
  if (wanted === 1 || !isolated) return { singleThreadedBuild: wanted === 1, xnnpack: 1, kernels: 1 };
  return { singleThreadedBuild: false, xnnpack: asked(xnnpackRequested) ?? 1, kernels: wanted };
}

/** A requested count, whole and within 1..MAX_TRAINING_THREADS; undefined when none (or no number) was asked. */
function asked(count: number | undefined): number | undefined {
  return count === undefined || !Number.isFinite(count) ? undefined : Math.max(1, Math.min(MAX_TRAINING_THREADS, Math.floor(count)));
}

/**
 * TF.js 4.22's C (init_with_threads_count) caps XNNPACK's pool at
 * navigator.hardwareConcurrency / 2, read once as the module starts, whatever
 * setThreadsCount asks: that is why setThreadsCount(2) left one thread on a
 * 2-core machine. Until the backend has started, `nav` (the worker's navigator)
 * reports twice `threads` cores; the returned function puts the real count
 * back. Where the property cannot be shadowed, nothing changes (the worker then
 * reports the threads XNNPACK really got).
 */
export function liftXnnpackThreadCap(nav: object, threads: number): () => void {
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => threads * 2 });
  } catch {
    return () => {};
  }
  return () => {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  };
}
