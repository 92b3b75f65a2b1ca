/**
 * How a model reads pen digits in Node: overall, for each digit, and which mistakes it makes
 * most, from the same confusion-matrix helpers as the in-browser evaluation (src/lib/eval).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ImageSet } from '../../src/lib/data/mnist';
import { confusionPairs, perDigitAccuracy, type ConfusionPair } from '../../src/lib/eval/report';
import type { Tfjs } from '../../src/lib/model/tfjs';
import { evaluate } from '../../src/lib/train/evaluate';

export interface PenScore {
  samples: number;
  accuracy: number;
  /** perDigit[d] = share of the d's read as d. */
  perDigit: number[];
  /** The most frequent mistakes, largest first. */
  topConfusions: ConfusionPair[];
}

const TOP_CONFUSIONS = 5;

export async function scoreOnPenDigits(tf: Tfjs, model: LayersModel, set: ImageSet): Promise<PenScore> {
  const { accuracy, confusion = [] } = await evaluate(tf, model, set, { batchSize: 500, confusion: true });
  return {
    samples: set.count,
    accuracy,
    perDigit: perDigitAccuracy(confusion).map((digit) => digit.accuracy),
    topConfusions: confusionPairs(confusion).slice(0, TOP_CONFUSIONS),
  };
}
