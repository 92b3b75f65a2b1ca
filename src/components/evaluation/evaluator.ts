/**
 * The page's side of the evaluation worker: one worker for the page, results kept per model
 * (scoring a model twice would give the same numbers), and a run cancelled as soon as
 * nobody waits for it any more (the student picked another model).
 */
import type { MnistData } from '../../lib/data/mnist';
import type { EvalEvent, EvalPhase, PenScores, ScoreRequest } from '../../lib/eval/protocol';
import type { ScoredSet } from '../../lib/eval/scored-set';
import { HELD_OUT_PEN_ASSET } from '../../lib/pendigits/held-out';
import { withBase } from '../../lib/site/url';
import type { ChosenModel } from './chosen-model';

export interface Evaluation {
  model: ChosenModel;
  test: ScoredSet;
  pen?: PenScores;
  /** Why there are no pen figures, when they could not be computed. */
  penError?: string;
  parameters: number;
  /** The worker's tensor count after this run. */
  tensorsLeft: number;
}

export type ProgressListener = (phase: EvalPhase, done: number, total: number) => void;

export class EvaluationCancelled extends Error {
  override name = 'EvaluationCancelled';
}

export interface Evaluator {
  /** The model's evaluation (from the cache when it was already scored). */
  evaluate(model: ChosenModel, onProgress?: ProgressListener): { runId: string; result: Promise<Evaluation> };
  /** Stops a run; its promise rejects with EvaluationCancelled. */
  cancel(runId: string): void;
}

export function createEvaluator(data: MnistData): Evaluator {
  const worker = new Worker(new URL('../../workers/eval-worker.ts', import.meta.url), { type: 'module', name: 'digit-lab-evaluation' });
  const cache = new Map<string, Promise<Evaluation>>();
  const waiting = new Map<string, { resolve: (e: Evaluation) => void; reject: (error: Error) => void; model: ChosenModel; onProgress?: ProgressListener }>();
  let sentTest = false;
  let counter = 0;

  worker.addEventListener('message', (message: MessageEvent<EvalEvent>) => {
    const event = message.data;
    const run = waiting.get(event.runId);
    if (!run) return;
    if (event.type === 'progress') run.onProgress?.(event.phase, event.done, event.total);
    if (event.type === 'progress') return;
    waiting.delete(event.runId);
    if (event.type === 'done') run.resolve({ model: run.model, test: event.test, pen: event.pen, penError: event.penError, parameters: event.parameters, tensorsLeft: event.tensorsLeft });
    else if (event.type === 'cancelled') run.reject(new EvaluationCancelled('Cancelled: another model was chosen.'));
    else run.reject(new Error(event.message));
  });
  worker.addEventListener('error', (error) => {
    for (const run of waiting.values()) run.reject(new Error(error.message || 'The evaluation worker failed to start.'));
    waiting.clear();
  });

  const runIds = new Map<string, string>(); // model id → run in progress

  return {
    evaluate(model, onProgress) {
      const key = model.id;
      const cached = cache.get(key);
      const existingRun = runIds.get(key);
      if (cached && existingRun === undefined) return { runId: '', result: cached };
      if (cached && existingRun !== undefined) {
        const run = waiting.get(existingRun);
        if (run && onProgress) run.onProgress = onProgress;
        return { runId: existingRun, result: cached };
      }
      const runId = `eval-${++counter}`;
      const result = new Promise<Evaluation>((resolve, reject) => waiting.set(runId, { resolve, reject, model, onProgress }));
      const request: ScoreRequest = { type: 'score', runId, model: model.source, penUrl: withBase(HELD_OUT_PEN_ASSET) };
      if (!sentTest) {
        request.test = { count: data.test.count, pixels: data.test.pixels, labels: data.test.labels };
        sentTest = true;
      }
      worker.postMessage(request);
      runIds.set(key, runId);
      cache.set(key, result);
      // Only this run's own entries: a newer run of the same model may have replaced them.
      const forget = (dropResult: boolean) => {
        if (runIds.get(key) === runId) runIds.delete(key);
        if (dropResult && cache.get(key) === result) cache.delete(key);
      };
      result.then(
        () => forget(false),
        () => forget(true), // a failed or cancelled run is tried again next time
      );
      return { runId, result };
    },
    cancel(runId) {
      if (!waiting.has(runId)) return;
      worker.postMessage({ type: 'cancel', runId });
      // Forget it now, not when the worker answers: choosing the same model again before then
      // must start a new run, not wait on the one being cancelled.
      for (const [key, id] of runIds) {
        if (id !== runId) continue;
        runIds.delete(key);
        cache.delete(key);
      }
    },
  };
}
