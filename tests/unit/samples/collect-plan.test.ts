import { describe, expect, it } from 'vitest';
import { COLLECT_ROUNDS, nextDigitToAsk, roundText } from '../../../src/lib/samples/collect-plan';

const of = (...digits: number[]) => digits.map((digit) => ({ digit }));

describe('nextDigitToAsk', () => {
  it('starts at 0 and counts up through the digits, round after round', () => {
    const kept: { digit: number }[] = [];
    const asked: number[] = [];
    let previous: number | null = null;
    for (let i = 0; i < 10 * COLLECT_ROUNDS; i++) {
      previous = nextDigitToAsk(kept, previous);
      asked.push(previous);
      kept.push({ digit: previous });
    }
    expect(asked.slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(asked.filter((digit) => digit === 7)).toHaveLength(COLLECT_ROUNDS);
  });

  it('asks for a deleted digit again before the next round starts', () => {
    expect(nextDigitToAsk(of(0, 1, 2, 4, 5, 6, 7, 8, 9), 9)).toBe(3);
    expect(nextDigitToAsk(of(0, 1, 2, 4), 4)).toBe(5);
    expect(nextDigitToAsk(of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2), 2)).toBe(3);
  });
});

describe('roundText', () => {
  it('says which round the asked digit is in, and extra rounds past the plan', () => {
    expect(roundText(of(), 3)).toBe(`round 1 of ${COLLECT_ROUNDS}`);
    expect(roundText(of(3, 3), 3)).toBe(`round 3 of ${COLLECT_ROUNDS}`);
    expect(roundText(of(...new Array(COLLECT_ROUNDS).fill(3)), 3)).toBe(`extra round ${COLLECT_ROUNDS + 1}`);
  });
});
