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

  /** A report that is not drawn now (the tab is hidden, say): it waits for the next draw. */
  markPending(): void {
    this.pending = true;
  }

  /** At the end of a run: true when a report arrived since the last draw. */
  takePending(): boolean {
    const pending = this.pending;
    this.pending = false;
    return pending;
  }
}

/** Points across a run on the tfjs-vis charts: one per percent of the run, 0% to 100%. */
export const CHART_GRID_POINTS = 101;

/** One chart's series, index i at i% of the run; null where the run has not been (yet). */
export interface ChartSeries {
  reported: (number | null)[];
  smoothed: (number | null)[];
  /** Drawn through the validation passes. */
  validation: (number | null)[];
  /** How many validation passes there are. */
  validationPasses: number;
  /** Grid points that have a training value. */
  points: number;
}

/**
 * tfjs-vis's line chart plots its values by index, not by their x. So every series is put on
 * one grid over the whole run, a point per percent of its steps: the x axis then reads "% of the
 * run" in every chart, the curve grows left to right as the run goes, and a run of any length
 * draws at most 101 points (tfjs-vis redraws the whole chart on each update). Training values
 * are interpolated between the reports on either side; a validation pass goes on the nearest
 * grid point, and the line joins the passes.
 */
export function chartSeries(
  curves: TrainingCurves,
  metric: 'loss' | 'accuracy',
  totalSteps: number,
  smoothing = SMOOTHING,
  gridPoints = CHART_GRID_POINTS,
): ChartSeries {
  const all = curves.trainingPoints(Number.POSITIVE_INFINITY, smoothing);
  const smoothKey = metric === 'loss' ? 'smoothLoss' : 'smoothAccuracy';
  const stepAt = (i: number) => (i / (gridPoints - 1)) * Math.max(1, totalSteps);
  const reported: (number | null)[] = [];
  const smoothed: (number | null)[] = [];
  let next = 0;
  for (let i = 0; i < gridPoints; i++) {
    const step = stepAt(i);
    while (next < all.length && all[next]!.step < step) next++;
    const after = all[next];
    const before = all[next - 1];
    if (!after || (!before && after.step > step + 0.5 * stepAt(1))) {
      reported.push(null);
      smoothed.push(null);
      continue;
    }
    const share = before ? (step - before.step) / (after.step - before.step) : 1;
    const between = (from: number, to: number) => from + (to - from) * share;
    reported.push(before ? between(before[metric], after[metric]) : after[metric]);
    smoothed.push(before ? between(before[smoothKey], after[smoothKey]) : after[smoothKey]);
  }
  const passes: (number | null)[] = new Array<number | null>(gridPoints).fill(null);
  for (const point of curves.validationPoints()) {
    const index = Math.min(gridPoints - 1, Math.round((point.step / Math.max(1, totalSteps)) * (gridPoints - 1)));
    passes[index] = point[metric];
  }
  const validation = joinPasses(passes);
  const validationPasses = passes.filter((value) => value !== null).length;
  return { reported, smoothed, validation, validationPasses, points: smoothed.filter((value) => value !== null).length };
}

/**
 * Vega draws nothing for a point with a gap on each side, so the validation line is drawn
 * through its passes (straight between them), and a lone pass as a short flat stroke.
 */
function joinPasses(passes: (number | null)[]): (number | null)[] {
  const known = passes.flatMap((value, index) => (value === null ? [] : [{ index, value }]));
  const line = passes.map(() => null as number | null);
  if (known.length === 1) {
    const { index, value } = known[0]!;
    for (let i = Math.max(0, index - 1); i <= Math.min(line.length - 1, index + 1); i++) line[i] = value;
    return line;
  }
  for (let k = 1; k < known.length; k++) {
    const from = known[k - 1]!;
    const to = known[k]!;
    for (let i = from.index; i <= to.index; i++) line[i] = from.value + ((to.value - from.value) * (i - from.index)) / (to.index - from.index);
  }
  return line;
}
