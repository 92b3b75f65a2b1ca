/**
 * The order in which the collect pad asks for digits: 0, 1, … 9, then round again, about
 * COLLECT_ROUNDS times. Only digits with the fewest samples are asked for, in counting order
 * after the last one asked, so a sample deleted or relabelled is asked for again before the next
 * round starts.
 */
import { countByDigit, type DigitSample } from './sample';

/** Five of each digit: enough to hold one back per digit and still learn from four. */
export const COLLECT_ROUNDS = 5;

export function nextDigitToAsk(samples: readonly Pick<DigitSample, 'digit'>[], previous: number | null): number {
  const counts = countByDigit(samples);
  const fewest = Math.min(...counts);
  const start = previous === null ? 0 : (previous + 1) % 10;
  for (let step = 0; step < 10; step++) {
    const digit = (start + step) % 10;
    if (counts[digit] === fewest) return digit;
  }
  return start;
}

/** "Round 2 of 5", from how many of the digit being asked for are kept already. */
export function roundText(samples: readonly Pick<DigitSample, 'digit'>[], digit: number): string {
  const round = countByDigit(samples)[digit]! + 1;
  return round <= COLLECT_ROUNDS ? `round ${round} of ${COLLECT_ROUNDS}` : `extra round ${round}`;
}
