import { describe, expect, it } from 'vitest';
import { keepDecision, runName } from '../../../src/lib/train/run-outcome';

describe('keepDecision', () => {
  it('keeps a run that learned; not one stopped before it learned, or one at chance, and says why', () => {
    expect(keepDecision({ steps: 200, stopped: false, testAccuracy: 0.97 })).toEqual({ keep: true });
    expect(keepDecision({ steps: 3, stopped: true, testAccuracy: 0.065 })).toEqual({
      keep: false,
      reason: 'stopped after 3 steps: nothing learned yet (6.5% of the test images, about guessing)',
    });
    expect(keepDecision({ steps: 80, stopped: false, testAccuracy: 0.1 })).toEqual({
      keep: false,
      reason: 'it reads only 10.0% of the test images, about guessing: nothing learned',
    });
    expect(keepDecision({ steps: 80, stopped: false })).toMatchObject({ keep: false });
  });
});

describe('runName', () => {
  it('tells runs apart by network, accuracy and time', () => {
    const when = new Date(2026, 11, 1, 9, 5);
    expect(runName('Default recipe', 0.9915, when)).toBe('Default recipe, 99.2%, 1 Dec 09:05');
    expect(runName('Tutorial CNN', 0.913, when, true)).toBe('Tutorial CNN (edited), 91.3%, 1 Dec 09:05');
  });
});
