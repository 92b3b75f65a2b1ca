import { describe, expect, it } from 'vitest';
import { learningRateSchedule, oneCycle } from '../../../src/lib/train/schedule';

// 201 steps, warm-up 0.25: the peak is at step 50 (a quarter of the way to the last step, 200).
const schedule = oneCycle({ peak: 0.01, totalSteps: 201 });
const steps = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => schedule(from + i));

describe('oneCycle', () => {
  it('starts at peak / 25, peaks at the end of the warm-up, ends at peak / 1000', () => {
    expect(schedule(0)).toBeCloseTo(0.0004, 12);
    expect(schedule(50)).toBeCloseTo(0.01, 12);
    expect(schedule(200)).toBeCloseTo(0.00001, 12);
  });

  it('is half-way at the middle of each half-cosine', () => {
    expect(schedule(25)).toBeCloseTo((0.0004 + 0.01) / 2, 12);
    expect(schedule(125)).toBeCloseTo((0.01 + 0.00001) / 2, 12);
    // A quarter into the warm-up: start + (peak − start)(1 − cos(π/4))/2.
    expect(schedule(12.5)).toBeCloseTo(0.0004 + 0.0096 * (1 - Math.SQRT1_2) / 2, 12);
  });

  it('rises, then falls, never outside [end, peak]', () => {
    const rising = steps(0, 50);
    const falling = steps(50, 200);
    rising.slice(1).forEach((rate, i) => expect(rate).toBeGreaterThan(rising[i]!));
    falling.slice(1).forEach((rate, i) => expect(rate).toBeLessThan(falling[i]!));
    for (const rate of steps(0, 200)) {
      expect(rate).toBeGreaterThanOrEqual(0.00001 - 1e-15);
      expect(rate).toBeLessThanOrEqual(0.01);
    }
  });

  it('holds the end values for steps outside the run', () => {
    expect(schedule(-5)).toBe(schedule(0));
    expect(schedule(1000)).toBe(schedule(200));
  });

  it('takes its shape from the options', () => {
    const noWarmup = oneCycle({ peak: 1, totalSteps: 11, warmupFraction: 0, finalDivisor: 10 });
    expect(noWarmup(0)).toBe(1);
    expect(noWarmup(10)).toBeCloseTo(0.1, 12);
    const gentle = oneCycle({ peak: 1, totalSteps: 5, warmupFraction: 0.5, initialDivisor: 2 });
    expect([gentle(0), gentle(2)]).toEqual([0.5, 1]);
  });

  it('gives the peak to a one-step run', () => {
    expect(oneCycle({ peak: 0.003, totalSteps: 1 })(0)).toBe(0.003);
  });

  it('rejects options that make no schedule', () => {
    expect(() => oneCycle({ peak: 0, totalSteps: 10 })).toThrow(/peak must be above 0, got 0/);
    expect(() => oneCycle({ peak: 0.01, totalSteps: 0 })).toThrow(/totalSteps must be a whole number from 1, got 0/);
    expect(() => oneCycle({ peak: 0.01, totalSteps: 2.5 })).toThrow(RangeError);
    expect(() => oneCycle({ peak: 0.01, totalSteps: 10, warmupFraction: 1 })).toThrow(/warmupFraction/);
    expect(() => oneCycle({ peak: 0.01, totalSteps: 10, finalDivisor: 0.5 })).toThrow(/divisors must be at least 1/);
  });
});

describe('learningRateSchedule', () => {
  it('constant gives the peak at every step; one-cycle is oneCycle', () => {
    const flat = learningRateSchedule('constant', 0.003, 100);
    expect([0, 1, 50, 99, 500].map(flat)).toEqual([0.003, 0.003, 0.003, 0.003, 0.003]);
    const cycle = learningRateSchedule('one-cycle', 0.01, 201);
    expect(cycle(50)).toBeCloseTo(0.01, 12);
    expect(() => learningRateSchedule('constant', 0, 10)).toThrow(RangeError);
  });

  it('resumed from a mid-run step, either schedule gives the same rates as the run that went on', () => {
    for (const name of ['one-cycle', 'constant'] as const) {
      const uninterrupted = learningRateSchedule(name, 0.01, 300);
      const whole = Array.from({ length: 300 }, (_, step) => uninterrupted(step));
      // A checkpoint keeps the step (137); a new schedule is made from the same options.
      const resumed = learningRateSchedule(name, 0.01, 300);
      expect(Array.from({ length: 300 - 137 }, (_, i) => resumed(137 + i))).toEqual(whole.slice(137));
    }
  });
});
