/**
 * Measures how well the page's main thread answers while something else (the training worker)
 * is busy: a chain of zero-delay timers counts how often the thread got a turn and the longest
 * wait between two turns, and a PerformanceObserver records the longest task the browser itself
 * saw (a "long task" is one over 50 ms). Measured inside the page, so a test can ask "did the
 * page stay responsive during the run?" without racing the run from outside.
 */
export interface MainThreadReport {
  /** Turns the main thread gave the probe while it ran. */
  ticks: number;
  /** The longest wait between two turns, in ms. */
  longestGapMs: number;
  /** The longest task the browser reported (0 when none went over 50 ms or the browser cannot tell). */
  longestTaskMs: number;
}

export interface MainThreadProbe {
  stop(): MainThreadReport;
}

export function startMainThreadProbe(): MainThreadProbe {
  let ticks = 0;
  let longestGapMs = 0;
  let longestTaskMs = 0;
  let last = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    ticks++;
    timer = setTimeout(tick, 0);
  };
  timer = setTimeout(tick, 0);

  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
  } catch {
    observer = undefined; // a browser without long-task timing: the timer chain still measures
  }

  return {
    stop() {
      clearTimeout(timer);
      observer?.disconnect();
      return { ticks, longestGapMs: Math.round(longestGapMs), longestTaskMs: Math.round(longestTaskMs) };
    },
  };
}
