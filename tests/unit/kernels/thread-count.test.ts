import { describe, expect, it } from 'vitest';
import { liftXnnpackThreadCap, MAX_TRAINING_THREADS, trainingThreads } from '../../../src/lib/kernels/thread-count';

describe('trainingThreads', () => {
  it('uses every core for our kernels on an isolated page, one for XNNPACK unless asked', () => {
    expect(trainingThreads(undefined, 2, true)).toEqual({ singleThreadedBuild: false, xnnpack: 1, kernels: 2 });
    expect(trainingThreads(undefined, 4, true)).toEqual({ singleThreadedBuild: false, xnnpack: 1, kernels: 4 });
    expect(trainingThreads(undefined, 4, true, 4)).toEqual({ singleThreadedBuild: false, xnnpack: 4, kernels: 4 });
    expect(trainingThreads(2, 4, true, 64)).toEqual({ singleThreadedBuild: false, xnnpack: MAX_TRAINING_THREADS, kernels: 2 });
    expect(trainingThreads(undefined, 4, false, 4)).toEqual({ singleThreadedBuild: false, xnnpack: 1, kernels: 1 });
  });

  it('keeps the single-threaded build when one thread is asked for', () => {
    expect(trainingThreads(1, 8, true)).toEqual({ singleThreadedBuild: true, xnnpack: 1, kernels: 1 });
    expect(trainingThreads(0, 8, true)).toEqual({ singleThreadedBuild: true, xnnpack: 1, kernels: 1 });
  });

  it('runs one thread where the page cannot share memory, whatever was asked', () => {
    expect(trainingThreads(undefined, 4, false)).toEqual({ singleThreadedBuild: false, xnnpack: 1, kernels: 1 });
    expect(trainingThreads(4, 4, false)).toEqual({ singleThreadedBuild: false, xnnpack: 1, kernels: 1 });
  });

  it('takes an explicit count, capped, and copes with an unknown core count', () => {
    expect(trainingThreads(3, 2, true).kernels).toBe(3);
    expect(trainingThreads(64, 2, true).kernels).toBe(MAX_TRAINING_THREADS);
    expect(trainingThreads(undefined, 32, true).kernels).toBe(MAX_TRAINING_THREADS);
    expect(trainingThreads(undefined, undefined, true)).toEqual({ singleThreadedBuild: true, xnnpack: 1, kernels: 1 });
    expect(trainingThreads(Number.NaN, 2, true).kernels).toBe(2);
  });
});

describe('liftXnnpackThreadCap', () => {
  it('makes the navigator report twice the threads until it is undone, then the real count again', () => {
    class FakeNavigator {
      get hardwareConcurrency() {
        return 2;
      }
    }
    const nav = new FakeNavigator();
    const restore = liftXnnpackThreadCap(nav, 2);
    expect(nav.hardwareConcurrency).toBe(4);
    restore();
    expect(nav.hardwareConcurrency).toBe(2);
  });

  it('changes nothing, and does not throw, where the navigator cannot be changed', () => {
    const frozen = Object.freeze({ hardwareConcurrency: 2 });
    const restore = liftXnnpackThreadCap(frozen, 2);
    expect(frozen.hardwareConcurrency).toBe(2);
    expect(restore).not.toThrow();
  });
});
