/**
 * The numbers behind lesson 4's live charts. A run reports every few steps, hundreds of times
 * an epoch; redrawing a chart for each report would make the page do more work than it needs
 * and make the curve jittery. So reports are collected here, smoothed (an exponential moving
 * average, as TensorBoard draws it), thinned to a few hundred points, and redrawn at most a
 * few times a second (RedrawThrottle). Pure data: the page draws, this decides what.
 */
import type { BatchReport, ValidationReport } from './trainer';

export interface CurvePoint {
  step: number;
  /** Training loss and accuracy as reported (means over the steps since the last report). */
  loss: number;
  accuracy: number;
  /** The same, smoothed. */
  smoothLoss: number;
  smoothAccuracy: number;
}

export interface ValidationPoint {
  step: number;
  loss: number;
  accuracy: number;
}

/** How much of the old average each new report keeps; 0.6 follows a 10-step report closely enough. */
export const SMOOTHING = 0.6;
/** More points than this cannot be told apart on a chart a phone's width wide. */
export const MAX_CHART_POINTS = 300;

export class TrainingCurves {
  private readonly reports: BatchReport[] = [];
  private readonly validations: ValidationPoint[] = [];

  addBatch(report: BatchReport): void {
    this.reports.push(report);
  }

  /** Runs without validation images report null; those add no point. */
  addValidation(report: ValidationReport): void {
    if (report.validationLoss === null || report.validationAccuracy === null) return;
    this.validations.push({ step: report.step, loss: report.validationLoss, accuracy: report.validationAccuracy });
  }

  get latest(): BatchReport | undefined {
    return this.reports.at(-1);
  }

  /**
   * The median speed of the latest reports. One report's speed includes whatever ran since
   * the previous one (a validation pass, the browser's own work), so one alone jumps about.
   */
  recentImagesPerSecond(reports = 10): number | undefined {
    const speeds = this.reports.slice(-reports).map((r) => r.imagesPerSecond).sort((a, b) => a - b);
    if (speeds.length === 0) return undefined;
    const middle = Math.floor(speeds.length / 2);
    return speeds.length % 2 ? speeds[middle] : (speeds[middle - 1]! + speeds[middle]!) / 2;
  }

  get reportCount(): number {
    return this.reports.length;
  }

  /** Smoothed over every report (0: not at all; 0.95: heavily), then thinned to at most `maxPoints`. */
  trainingPoints(maxPoints = MAX_CHART_POINTS, smoothing = SMOOTHING): CurvePoint[] {
    const smoothLoss = smooth(this.reports.map((r) => r.loss), smoothing);
    const smoothAccuracy = smooth(this.reports.map((r) => r.accuracy), smoothing);
    const points = this.reports.map((r, i) => ({
      step: r.step,
      loss: r.loss,
      accuracy: r.accuracy,
      smoothLoss: smoothLoss[i]!,
      smoothAccuracy: smoothAccuracy[i]!,
    }));
    return thin(points, maxPoints);
  }

  validationPoints(): ValidationPoint[] {
    return [...this.validations];
  }
}

/**
 * Exponential moving average, corrected for its start at zero (divided by 1 − weightⁿ), so
 * the first points are not dragged towards 0.
 */
export function smooth(values: readonly number[], weight = SMOOTHING): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`Smoothing must be from 0 up to (not including) 1, got ${weight}`);
  let average = 0;
  return values.map((value, i) => {
    average = weight * average + (1 - weight) * value;
    return average / (1 - weight ** (i + 1));
  });
}

/** Evenly spaced points, always keeping the first and the last (the newest is what a student watches). */
export function thin<T>(points: readonly T[], maxPoints: number): T[] {
  if (maxPoints < 2) throw new RangeError('thin needs room for at least the first and last point');
  if (points.length <= maxPoints) return [...points];
  const stride = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * stride)]!);
}

/**
 * Decides when to redraw: at most once every `intervalMs`, and once more at the end so the
 * last report is always drawn. The time is passed in, so tests need no clock.
 */
export class RedrawThrottle {
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private pending = false;

  constructor(private readonly intervalMs = 250) {}

  /** Called on every report; true means draw now. */
  shouldDraw(now: number): boolean {
    if (now - this.lastDrawAt >= this.intervalMs) {
      this.lastDrawAt = now;
      this.pending = false;
      return true;
    }
    this.pending = true;
    return false;
  }

  /** At the end of a run: true when a report arrived since the last draw. */
  takePending(): boolean {
    const pending = this.pending;
    this.pending = false;
    return pending;
  }
}
