/**
 * What stops a runaway cell. Student code runs on the page (see run-cell.ts for why), so a
 * `while (true) {}` would freeze the tab for good; every loop condition calls the guard
 * (transpile.ts puts the calls in), and the guard throws `CellStopped` with a sentence when
 *
 * - the page has not had a turn to draw for `blockedLimitMs`: a heartbeat timer that cannot
 *   fire while a loop hogs the thread says so, whatever the loop looks like (an endless
 *   `await null` loop starves timers too);
 * - the student pressed Stop (an async loop lets the page take the click);
 * - the cell's tensors or the page's JavaScript heap grew past a limit, before the tab dies.
 */
/** The function every loop condition calls (transpile.ts); it throws to stop a runaway loop. */
export const GUARD_NAME = '__digitLabLoopGuard';

export class CellStopped extends Error {
  override name = 'CellStopped';
}

export interface GuardLimits {
  /** How long the page may go without a turn before a loop is stopped. */
  blockedLimitMs: number;
  /** Bytes of tensors a run may add. */
  tensorBytesLimit: number;
  /** Share of the JavaScript heap limit (where the browser says it) a run may bring the page to. */
  heapShareLimit: number;
}

export const GUARD_LIMITS: GuardLimits = {
  blockedLimitMs: 3000,
  tensorBytesLimit: 1024 ** 3,
  heapShareLimit: 0.9,
};

export interface GuardProbes {
  now(): number;
  /** The time the heartbeat last ran. */
  lastHeartbeat(): number;
  /** Bytes of live tensors, when TF.js is loaded. */
  tensorBytes?(): number;
  /** The page's JavaScript heap use and limit, where the browser tells (Chrome). */
  heap?(): { used: number; limit: number } | undefined;
  /** Hidden pages get their timers slowed, so their heartbeat says nothing. */
  pageHidden?(): boolean;
}

/** Check time and memory every this many loop turns; a stop request every turn. */
const CHECK_EVERY = 64;

export interface LoopGuard {
  /** Called by each loop turn; returns true or throws CellStopped. */
  guard: () => true;
  requestStop(): void;
}

export function createLoopGuard(probes: GuardProbes, limits: GuardLimits = GUARD_LIMITS): LoopGuard {
  let turns = 0;
  let stopRequested = false;
  const startBytes = probes.tensorBytes?.() ?? 0;
  const guard = (): true => {
    if (stopRequested) throw new CellStopped('Stopped: you pressed Stop.');
    if (++turns % CHECK_EVERY !== 0) return true;
    const blocked = probes.now() - probes.lastHeartbeat();
    if (blocked > limits.blockedLimitMs && !probes.pageHidden?.()) {
      throw new CellStopped(
        `Stopped: a loop ran for ${Math.round(blocked / 1000)} seconds without letting the page draw (is its condition ever false?). Your code and the other cells are untouched.`,
      );
    }
    const grown = (probes.tensorBytes?.() ?? 0) - startBytes;
    if (grown > limits.tensorBytesLimit) {
      throw new CellStopped(
        `Stopped: this run had made ${formatGigabytes(grown)} of tensors and was still going, before the tab ran out of memory. Free tensors you no longer need with tf.dispose(), or make them inside tf.tidy().`,
      );
    }
    const heap = probes.heap?.();
    if (heap && heap.used > heap.limit * limits.heapShareLimit) {
      throw new CellStopped('Stopped: the page’s memory was almost full, before the tab ran out of it. Keep fewer or smaller arrays.');
    }
    return true;
  };
  return {
    guard,
    requestStop: () => {
      stopRequested = true;
    },
  };
}

function formatGigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
