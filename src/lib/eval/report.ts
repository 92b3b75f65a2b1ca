/**
 * What a handwriting evaluation found: accuracy overall and for each digit, the mistakes it
 * made most (which digit was read as which), and how long the student waits from lifting
 * the pen to seeing the prediction. Per digit matters more than overall for a drawing pad:
 * a student who writes 9s notices a 9 read at 88% even when the average is 97%.
 */
import { summariseTimings, type PredictionTiming } from '../train/protocol';

const DIGITS = 10;

/** One sample read through the pad. */
export interface Reading {
  /** The digit written. */
  label: number;
  /** The digit the page showed, or null when it showed none. */
  predicted: number | null;
  /** Pointer-up to the prediction shown, measured in the page; null when not measured. */
  latencyMs: number | null;
}

export interface DigitAccuracy {
  digit: number;
  samples: number;
  correct: number;
  /** correct / samples; NaN for a digit with no samples. */
  accuracy: number;
}

export interface ConfusionPair {
  actual: number;
  predicted: number;
  count: number;
}

export interface HandwritingReport {
  samples: number;
  correct: number;
  accuracy: number;
  perDigit: DigitAccuracy[];
  /** Every mistake, most frequent first. */
  confusions: ConfusionPair[];
  /** Samples for which the page showed no digit at all. */
  unread: number;
  latency: PredictionTiming | null;
}

/** confusion[actual][predicted] = how many `actual`s were read as `predicted`. */
export function confusionMatrix(readings: readonly Reading[]): number[][] {
  const matrix = Array.from({ length: DIGITS }, () => new Array<number>(DIGITS).fill(0));
  for (const { label, predicted } of readings) {
    checkDigit(label, 'label');
    if (predicted === null) continue;
    checkDigit(predicted, 'prediction');
    matrix[label]![predicted]! += 1;
  }
  return matrix;
}

/** Each digit's row of a confusion matrix as an accuracy; `samples` defaults to the row's sum. */
export function perDigitAccuracy(matrix: readonly (readonly number[])[], samples?: readonly number[]): DigitAccuracy[] {
  return matrix.map((row, digit) => {
    const total = samples?.[digit] ?? row.reduce((sum, count) => sum + count, 0);
    const correct = row[digit] ?? 0;
    return { digit, samples: total, correct, accuracy: total === 0 ? Number.NaN : correct / total };
  });
}

/** The off-diagonal cells of a confusion matrix that are not zero, largest first (ties in matrix order). */
export function confusionPairs(matrix: readonly (readonly number[])[]): ConfusionPair[] {
  const pairs = matrix.flatMap((row, actual) =>
    row.map((count, predicted) => ({ actual, predicted, count })).filter((cell) => cell.actual !== cell.predicted && cell.count > 0),
  );
  return pairs.sort((a, b) => b.count - a.count);
}

export function handwritingReport(readings: readonly Reading[]): HandwritingReport {
  if (readings.length === 0) throw new RangeError('No samples were read, so there is nothing to report');
  const matrix = confusionMatrix(readings);
  const samplesPerDigit = new Array<number>(DIGITS).fill(0);
  for (const { label } of readings) samplesPerDigit[label]! += 1;
  const correct = readings.filter((reading) => reading.predicted === reading.label).length;
  const latencies = readings.flatMap((reading) => (reading.latencyMs === null ? [] : [reading.latencyMs]));
  return {
    samples: readings.length,
    correct,
    accuracy: correct / readings.length,
    perDigit: perDigitAccuracy(matrix, samplesPerDigit).filter((digit) => digit.samples > 0),
    confusions: confusionPairs(matrix),
    unread: readings.filter((reading) => reading.predicted === null).length,
    latency: latencies.length === 0 ? null : summariseTimings(latencies),
  };
}

/** The report as lines of text for a terminal. */
export function formatReport(report: HandwritingReport, topConfusions = 5): string[] {
  const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;
  const lines = [
    `accuracy ${percent(report.accuracy)} (${report.correct}/${report.samples})` + (report.unread ? `; no prediction shown for ${report.unread}` : ''),
    `per digit: ${report.perDigit.map(({ digit, correct, samples }) => `"${digit}" ${percent(correct / samples)}`).join('  ')}`,
  ];
  const top = report.confusions.slice(0, topConfusions);
  lines.push(`top confusions: ${top.length ? top.map(({ actual, predicted, count }) => `${actual}→${predicted} ×${count}`).join(', ') : 'none'}`);
  lines.push(
    report.latency
      ? `pointer-up → prediction shown: median ${report.latency.medianMs.toFixed(1)} ms, p95 ${report.latency.p95Ms.toFixed(1)} ms over ${report.latency.count}`
      : 'pointer-up → prediction shown: not measured',
  );
  return lines;
}

function checkDigit(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= DIGITS) throw new RangeError(`A ${what} must be a digit 0–9, got ${value}`);
}
