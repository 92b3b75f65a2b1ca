/**
 * When to ask the model while the student draws. A prediction takes a few milliseconds
 * and pointer events arrive faster than frames are painted, so predicting on every event
 * would queue work the student never sees. The rules:
 *
 * - at most one prediction in flight: a request while one runs only marks the drawing as
 *   changed, and one more prediction follows when it finishes;
 * - at most one prediction started per animation frame (the frame function is injected, so
 *   tests can step frames by hand);
 * - a request when nothing has run in this frame starts at once, so the prediction after
 *   the pen lifts is not held back by a frame;
 * - `finish` (pen up) always leads to one more prediction that starts after it, even if
 *   one was already running when the pen lifted: that one may have read fewer points. It
 *   starts as soon as nothing is in flight, even in a frame that has had one: the digit a
 *   student waits for after lifting the pen is not held back by the frame limit, which is
 *   there for the many predictions while drawing;
 * - `clear` drops the result of a prediction still in flight, so a digit from before a
 *   clear is never shown on an empty pad;
 * - `seq` goes up by one for every prediction whose result is shown.
 */

export type FrameFunction = (callback: () => void) => void;

export interface PredictionSchedulerOptions<Result> {
  /** Runs a callback before the next paint: `requestAnimationFrame` on a page. */
  requestFrame: FrameFunction;
  /** One prediction of the drawing as it is now. */
  predict: () => Promise<Result>;
  /** Shows a finished prediction; `seq` counts them from 1. */
  show: (result: Result, seq: number) => void;
  /** A prediction failed; the scheduler carries on with the next request. */
  fail: (error: unknown) => void;
}

export class PredictionScheduler<Result> {
  readonly #options: PredictionSchedulerOptions<Result>;
  #seq = 0;
  #generation = 0;
  #changed = false;
  #inFlight = false;
  #startedThisFrame = false;
  #framePending = false;
  /** The pen lifted and its prediction has not started yet. */
  #finishing = false;

  constructor(options: PredictionSchedulerOptions<Result>) {
    this.#options = options;
  }

  /** How many predictions have been shown. */
  get seq(): number {
    return this.#seq;
  }

  get inFlight(): boolean {
    return this.#inFlight;
  }

  /** A change is waiting for the prediction in flight, or for the next frame. */
  get pending(): boolean {
    return this.#changed;
  }

  /** The drawing changed (a point was added, a stroke undone): predict it soon. */
  request(): void {
    this.#changed = true;
    this.#pump();
  }

  /** The pen lifted: a prediction that starts from now on will follow, whatever is running. */
  finish(): void {
    this.#finishing = true;
    this.request();
  }

  /** The drawing was cleared: nothing pending runs, and a result still in flight is dropped. */
  clear(): void {
    this.#generation += 1;
    this.#changed = false;
    this.#finishing = false;
  }

  #pump(): void {
    if (this.#inFlight || !this.#changed) return;
    if (this.#startedThisFrame && !this.#finishing) {
      this.#waitForFrame();
      return;
    }
    this.#start();
  }

  #start(): void {
    this.#changed = false;
    this.#finishing = false;
    this.#inFlight = true;
    this.#startedThisFrame = true;
    this.#waitForFrame();
    const generation = this.#generation;
    let prediction: Promise<Result>;
    try {
      prediction = this.#options.predict();
    } catch (error) {
      prediction = Promise.reject(error);
    }
    prediction.then(
      (result) => {
        this.#inFlight = false;
        if (generation === this.#generation) {
          this.#seq += 1;
          this.#options.show(result, this.#seq);
        }
        this.#pump();
      },
      (error: unknown) => {
        this.#inFlight = false;
        if (generation === this.#generation) this.#options.fail(error);
        this.#pump();
      },
    );
  }

  #waitForFrame(): void {
    if (this.#framePending) return;
    this.#framePending = true;
    this.#options.requestFrame(() => {
      this.#framePending = false;
      this.#startedThisFrame = false;
      this.#pump();
    });
  }
}
