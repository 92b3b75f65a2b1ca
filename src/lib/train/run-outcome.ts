/**
 * What becomes of a finished run: is it worth keeping without asking, and what is it called.
 * A run stopped a few steps in, or one that never got past guessing, is not silently saved
 * (and so never silently becomes the drawing pad's model): the student is told why and may
 * keep it anyway.
 */

/** Ten digits: guessing reads 10%; below this a model has learned next to nothing. */
export const LEARNED_ACCURACY = 0.2;

export interface RunEnd {
  steps: number;
  stopped: boolean;
  /** On the 10,000 test images; undefined when not scored. */
  testAccuracy?: number;
}

export type KeepDecision = { keep: true } | { keep: false; reason: string };

export function keepDecision(run: RunEnd): KeepDecision {
  const accuracy = run.testAccuracy;
  if (accuracy === undefined || !Number.isFinite(accuracy)) return { keep: false, reason: 'it was not scored on the test images, so nothing says it learned' };
  if (accuracy >= LEARNED_ACCURACY) return { keep: true };
  const score = `${(accuracy * 100).toFixed(1)}% of the test images, about guessing`;
  return {
    keep: false,
    reason: run.stopped ? `stopped after ${run.steps} steps: nothing learned yet (${score})` : `it reads only ${score}: nothing learned`,
  };
}

/** "Tutorial CNN (edited), 91.3%, 1 Dec 20:31": network, accuracy and time tell runs apart. */
export function runName(network: string, testAccuracy: number, when: Date, edited = false): string {
  const stamp = `${when.getDate()} ${MONTHS[when.getMonth()]} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
  return `${network}${edited ? ' (edited)' : ''}, ${(testAccuracy * 100).toFixed(1)}%, ${stamp}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
