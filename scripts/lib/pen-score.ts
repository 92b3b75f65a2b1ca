/**
 * How a model reads pen digits: overall, for each digit, and which mistakes it makes most.
 * Per digit matters more than overall for a drawing pad: a student who writes 9s notices
 * a 9 read at 88% even when the average is 97%.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ImageSet } from '../../src/lib/data/mnist';
import type { Tfjs } from '../../src/lib/model/tfjs';
import { evaluate } from '../../src/lib/train/evaluate';

export interface Confusion {
  actual: number;
  predicted: number;
  count: number;
}

export interface PenScore {
  samples: number;
  accuracy: number;
  /** perDigit[d] = share of the d's read as d. */
  perDigit: number[];
  /** The most frequent mistakes, largest first. */
  topConfusions: Confusion[];
}

const TOP_CONFUSIONS = 5;

export async function scoreOnPenDigits(tf: Tfjs, model: LayersModel, set: ImageSet): Promise<PenScore> {
  const { accuracy, confusion = [] } = await evaluate(tf, model, set, { batchSize: 500, confusion: true });
  const perDigit = confusion.map((row, digit) => row[digit]! / row.reduce((sum, count) => sum + count, 0));
  const mistakes = confusion.flatMap((row, actual) =>
    row.map((count, predicted) => ({ actual, predicted, count })).filter((cell) => cell.actual !== cell.predicted && cell.count > 0),
  );
  mistakes.sort((a, b) => b.count - a.count);
  return { samples: set.count, accuracy, perDigit, topConfusions: mistakes.slice(0, TOP_CONFUSIONS) };
}
