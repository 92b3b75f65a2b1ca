import { describe, expect, it } from 'vitest';
import { checkFineTune, DEFAULT_FINE_TUNE, replayBatches, splitHeldBack } from '../../../src/lib/samples/fine-tune-plan';

const samples = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, digit: i % 10 }));

describe('holding samples back', () => {
  it('holds back a share of every digit, never the same sample twice, and keeps one of each to learn', () => {
    const { training, heldBack } = splitHeldBack(samples, 0.2, 7);
    expect(training.length + heldBack.length).toBe(50);
    const trainingIds = new Set(training.map((s) => s.id));
    expect(heldBack.some((s) => trainingIds.has(s.id))).toBe(false);
    for (let digit = 0; digit < 10; digit++) {
      expect(heldBack.filter((s) => s.digit === digit)).toHaveLength(1); // 20% of 5
      expect(training.filter((s) => s.digit === digit)).toHaveLength(4);
    }
  });

  it('is seeded, holds back one of two, and none of a single sample', () => {
    expect(splitHeldBack(samples, 0.2, 7)).toEqual(splitHeldBack(samples, 0.2, 7));
    expect(splitHeldBack(samples, 0.2, 7).heldBack).not.toEqual(splitHeldBack(samples, 0.2, 8).heldBack);
    const few = [{ digit: 3 }, { digit: 3 }, { digit: 4 }];
    const split = splitHeldBack(few, 0.2, 1);
    expect(split.heldBack).toEqual([{ digit: 3 }]);
    expect(split.training.map((s) => s.digit).sort()).toEqual([3, 4]);
  });
});

describe('the replay mix', () => {
  it('gives each batch the asked share of MNIST, and the student\'s digits the rest', () => {
    const batches = replayBatches(40, 1000, { batchSize: 64, steps: 10, replayShare: 0.75, seed: 1 });
    expect(batches).toHaveLength(10);
    for (const batch of batches) {
      expect(batch.own).toHaveLength(16);
      expect(batch.mnist).toHaveLength(48);
    }
  });

  it('cycles through every own sample before repeating one, and draws MNIST without repeats until it runs out', () => {
    const batches = replayBatches(40, 1000, { batchSize: 64, steps: 10, replayShare: 0.75, seed: 1 });
    const own = batches.flatMap((b) => b.own);
    expect(new Set(own.slice(0, 40)).size).toBe(40);
    expect(Math.max(...own)).toBeLessThan(40);
    const mnist = batches.flatMap((b) => b.mnist);
    expect(new Set(mnist).size).toBe(480);
    expect(Math.max(...mnist)).toBeLessThan(1000);
  });

  it('with share 0 uses only the student\'s digits, and with no MNIST fills the batch with them', () => {
    expect(replayBatches(10, 1000, { batchSize: 8, steps: 2, replayShare: 0, seed: 1 })[0]).toMatchObject({ mnist: [] });
    expect(replayBatches(10, 0, { batchSize: 8, steps: 1, replayShare: 0.5, seed: 1 })[0]!.own).toHaveLength(4);
  });
});

describe('checking a fine-tune before it starts', () => {
  it('accepts the defaults with enough samples', () => {
    expect(checkFineTune(DEFAULT_FINE_TUNE, samples)).toEqual([]);
  });

  it('says how many samples are needed', () => {
    expect(checkFineTune(DEFAULT_FINE_TUNE, samples.slice(0, 3))).toEqual([
      'You have 3 samples; fine-tuning needs at least 10 (a few of each digit you want it to learn; 5 of each is better).',
    ]);
    const oneFive = [...Array.from({ length: 9 }, () => ({ digit: 0 })), { digit: 5 }];
    expect(checkFineTune(DEFAULT_FINE_TUNE, oneFive)).toEqual(['Draw at least two of "5": one is learned and one held back to check it.']);
  });

  it('names each absurd value once', () => {
    const problems = checkFineTune({ ...DEFAULT_FINE_TUNE, replayShare: 2, steps: 1.5, learningRate: 10, batchSize: 0, heldBackShare: 1, layers: 'some' as 'all' }, samples);
    expect(problems).toHaveLength(6);
    expect(problems.join(' ')).toMatch(/MNIST share.*Steps.*Batch size.*Learning rate.*Held-back share/s);
  });
});
