/**
 * What a confusion matrix says, digit by digit. For a digit reader:
 *   recall    — of the 7s people wrote, how many it read as 7 (per-class accuracy);
 *   precision — of the times it said "7", how often it was a 7;
 *   F1        — one number that is high only when both are (their harmonic mean).
 * Rows are the true digit, columns the model's answer: matrix[actual][predicted].
 */
import { DIGIT_CLASSES } from '../model/config';
import type { ScoredImage } from './scored-set';

export type ConfusionCounts = number[][];

export interface ClassMetrics {
  digit: number;
  /** How many images of this digit there are (the row's sum). */
  support: number;
  /** How many times the model answered this digit (the column's sum). */
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export function emptyConfusion(): ConfusionCounts {
  return Array.from({ length: DIGIT_CLASSES }, () => new Array<number>(DIGIT_CLASSES).fill(0));
}

/** The confusion matrix of true labels against answers (equal lengths, digits 0–9). */
export function confusionOf(labels: ArrayLike<number>, predictions: ArrayLike<number>): ConfusionCounts {
  if (labels.length !== predictions.length) throw new RangeError(`${labels.length} labels but ${predictions.length} predictions`);
  const matrix = emptyConfusion();
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i]!;
    const predicted = predictions[i]!;
    if (!isDigit(actual) || !isDigit(predicted)) throw new RangeError(`Image ${i}: digits must be 0–9, got ${actual} and ${predicted}`);
    matrix[actual]![predicted]! += 1;
  }
  return matrix;
}

export function confusionOfScored(images: readonly ScoredImage[]): ConfusionCounts {
  return confusionOf(
    images.map((image) => image.label),
    images.map((image) => image.predicted),
  );
}

export function totalOf(matrix: ConfusionCounts): number {
  return matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}

/** The share of images on the diagonal; NaN for an empty matrix. */
export function accuracyOf(matrix: ConfusionCounts): number {
  const total = totalOf(matrix);
  return total === 0 ? Number.NaN : matrix.reduce((sum, row, digit) => sum + (row[digit] ?? 0), 0) / total;
}

/**
 * Precision, recall and F1 of each digit. A digit never answered has precision NaN (there is
 * nothing to be right about); a digit with no images has recall NaN; F1 is NaN when either is.
 */
export function classMetrics(matrix: ConfusionCounts): ClassMetrics[] {
  return matrix.map((row, digit) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, other) => sum + (other[digit] ?? 0), 0);
    const correct = row[digit] ?? 0;
    const precision = predicted === 0 ? Number.NaN : correct / predicted;
    const recall = support === 0 ? Number.NaN : correct / support;
    const f1 = Number.isNaN(precision) || Number.isNaN(recall) ? Number.NaN : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { digit, support, predicted, correct, precision, recall, f1 };
  });
}

function isDigit(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < DIGIT_CLASSES;
}
