/**
 * What the pad says about ten probabilities: the digit it reads, and whether it is sure.
 * A model always names some digit, even for a scribble; when its two best guesses are
 * close, or its best guess is weak, the honest answer is "not sure — maybe 4 or 9".
 */

/** Below this gap between the best and second-best probability the pad says it is unsure. */
export const UNSURE_MARGIN = 0.2;
/** A best guess below this probability is unsure however far ahead it is. */
export const UNSURE_TOP = 0.5;

export interface Reading {
  digit: number;
  probability: number;
  /** The second most likely digit and its probability. */
  runnerUp: number;
  runnerUpProbability: number;
  unsure: boolean;
}

export function readProbabilities(probabilities: ArrayLike<number>): Reading {
  if (probabilities.length < 2) throw new RangeError(`Need at least two probabilities, got ${probabilities.length}`);
  let digit = -1;
  let runnerUp = -1;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (!Number.isFinite(p)) throw new RangeError(`Probability ${i} is ${p}: the model's output is not a number`);
    if (digit < 0 || p > probabilities[digit]!) {
      runnerUp = digit;
      digit = i;
    } else if (runnerUp < 0 || p > probabilities[runnerUp]!) {
      runnerUp = i;
    }
  }
  const probability = probabilities[digit]!;
  const runnerUpProbability = probabilities[runnerUp]!;
  const unsure = probability - runnerUpProbability < UNSURE_MARGIN || probability < UNSURE_TOP;
  return { digit, probability, runnerUp, runnerUpProbability, unsure };
}

/** The sentence under the big digit. */
export function describeReading(reading: Reading): string {
  return reading.unsure
    ? `Not sure — maybe ${reading.digit} or ${reading.runnerUp}`
    : `${reading.digit}, ${Math.round(reading.probability * 100)}% sure`;
}
