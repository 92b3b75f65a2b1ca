import { describe, expect, it } from 'vitest';
import { PredictionScheduler } from '../../../src/lib/draw/prediction-scheduler';

/** A scheduler whose frames and predictions the test steps by hand. */
function harness() {
  const frames: (() => void)[] = [];
  const pending: { version: number; resolve: (value: number) => void; reject: (error: unknown) => void }[] = [];
  const shown: { result: number; seq: number }[] = [];
  const failures: unknown[] = [];
  let version = 0;
  const scheduler = new PredictionScheduler<number>({
    requestFrame: (callback) => frames.push(callback),
    predict: () =>
      new Promise<number>((resolve, reject) => {
        pending.push({ version, resolve, reject });
      }),
    show: (result, seq) => shown.push({ result, seq }),
    fail: (error) => failures.push(error),
  });
  return {
    scheduler,
    shown,
    failures,
    pending,
    /** The drawing changes (a new point). */
    change: () => {
      version += 1;
      scheduler.request();
    },
    /** The next animation frame. */
    frame: () => {
      const due = frames.splice(0);
      for (const callback of due) callback();
    },
    /** The oldest prediction in flight finishes with the drawing version it read. */
    finishPrediction: async () => {
      const next = pending.shift()!;
      next.resolve(next.version);
      await Promise.resolve();
      await Promise.resolve();
    },
    failPrediction: async (error: unknown) => {
      pending.shift()!.reject(error);
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('PredictionScheduler', () => {
  it('starts the first prediction at once, then at most one per animation frame', async () => {
    const h = harness();
    h.change();
    expect(h.pending).toHaveLength(1);
    await h.finishPrediction();
    expect(h.shown).toEqual([{ result: 1, seq: 1 }]);
    h.change();
    h.change();
    expect(h.pending).toHaveLength(0); // this frame already had its prediction
    h.frame();
    expect(h.pending).toHaveLength(1);
    await h.finishPrediction();
    expect(h.shown.at(-1)).toEqual({ result: 3, seq: 2 });
  });

  it('never has two predictions in flight, and predicts the newest drawing after the one running', async () => {
    const h = harness();
    h.change();
    for (let i = 0; i < 5; i++) {
      h.change();
      h.frame();
    }
    expect(h.pending).toHaveLength(1);
    await h.finishPrediction(); // read version 1; frames have passed, so the next starts at once
    expect(h.pending).toHaveLength(1);
    await h.finishPrediction();
    expect(h.shown).toEqual([
      { result: 1, seq: 1 },
      { result: 6, seq: 2 },
    ]);
    h.frame();
    expect(h.pending).toHaveLength(0); // nothing changed: no more predictions
  });

  it('always predicts once more after the pen lifts, even when one was in flight', async () => {
    const h = harness();
    h.change();
    expect(h.pending).toHaveLength(1);
    h.scheduler.finish(); // the pen lifts while the first prediction runs
    expect(h.scheduler.pending).toBe(true);
    await h.finishPrediction();
    h.frame();
    expect(h.pending).toHaveLength(1);
    expect(h.scheduler.pending).toBe(false);
    await h.finishPrediction();
    expect(h.shown.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('the prediction after the pen lifts is not held to the once-a-frame limit', async () => {
    const h = harness();
    h.change();
    await h.finishPrediction(); // a prediction ran in this frame, while drawing
    h.change();
    expect(h.pending).toHaveLength(0); // the next point waits for the frame
    h.scheduler.finish(); // the pen lifts in the same frame
    expect(h.pending).toHaveLength(1); // its prediction starts now
    await h.finishPrediction();
    h.change();
    expect(h.pending).toHaveLength(0); // and drawing again is back to one a frame
    h.frame();
    expect(h.pending).toHaveLength(1);
  });

  it('the pen lifting while a prediction runs: the next one starts when it ends, not a frame later', async () => {
    const h = harness();
    h.change();
    h.scheduler.finish();
    await h.finishPrediction();
    expect(h.pending).toHaveLength(1);
    await h.finishPrediction();
    expect(h.shown.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('the prediction after the pen lifts starts at once when the frame is free', async () => {
    const h = harness();
    h.change();
    await h.finishPrediction();
    h.frame();
    h.scheduler.finish();
    expect(h.pending).toHaveLength(1);
  });

  it('drops a result still in flight when the pad is cleared, and runs nothing pending', async () => {
    const h = harness();
    h.change();
    h.change(); // pending change behind the one in flight
    h.scheduler.clear();
    await h.finishPrediction();
    h.frame();
    expect(h.pending).toHaveLength(0);
    expect(h.shown).toEqual([]);
    expect(h.scheduler.seq).toBe(0);
    h.change();
    await h.finishPrediction();
    expect(h.shown).toEqual([{ result: 3, seq: 1 }]);
  });

  it('reports a failed prediction and carries on with the next request', async () => {
    const h = harness();
    h.change();
    h.change();
    await h.failPrediction(new Error('broken'));
    expect(h.failures).toHaveLength(1);
    h.frame();
    expect(h.pending).toHaveLength(1);
    await h.finishPrediction();
    expect(h.shown).toEqual([{ result: 2, seq: 1 }]);
  });

  it('treats a predict function that throws at once like a failed prediction', async () => {
    const failures: unknown[] = [];
    const scheduler = new PredictionScheduler<number>({
      requestFrame: () => {},
      predict: () => {
        throw new Error('no model');
      },
      show: () => {},
      fail: (error) => failures.push(error),
    });
    scheduler.request();
    await Promise.resolve();
    await Promise.resolve();
    expect(failures).toHaveLength(1);
    expect(scheduler.inFlight).toBe(false);
  });
});
