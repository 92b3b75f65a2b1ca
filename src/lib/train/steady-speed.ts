/**
 * A training run's speed after its warm-up: images a second from the first progress report to
 * the end, leaving out the steps before it (the first steps compile the wasm code and make the
 * optimizer's state). The native PyTorch reference in the bench leaves out its first steps the
 * same way; the whole run's figure (warm-up included) stays beside it.
 */
export interface SteadySpeedInput {
  /** The step of the first report and when it arrived (ms, performance.now()). */
  firstReport: { step: number; at: number } | undefined;
  /** Steps done when the loop ended, and when it ended (ms). */
  lastStep: number;
  endedAt: number;
  batchSize: number;
  /** Milliseconds spent paused after the first report. */
  pausedMs: number;
}

/** Images a second after the first report, or undefined when no step came after it. */
export function steadyImagesPerSecond({ firstReport, lastStep, endedAt, batchSize, pausedMs }: SteadySpeedInput): number | undefined {
  if (!firstReport || lastStep <= firstReport.step) return undefined;
  const seconds = (endedAt - firstReport.at - pausedMs) / 1000;
  return seconds > 0 ? ((lastStep - firstReport.step) * batchSize) / seconds : undefined;
}
