/**
 * The page's side of the training worker: starts a run, hands every event to
 * the page, and resolves with the run's summary.
 */
import type { Divergence } from '../../lib/train/divergence';
import type { RunSummary, TrainRequest, WorkerEvent } from '../../lib/train/protocol';

export interface TrainingHandle {
  runId: string;
  /** Ends the run after the step in progress. */
  stop(): void;
  /** Holds the run after the step in progress; the worker keeps the model and the optimizer's state. */
  pause(): void;
  /** Goes on from the same step, on the same schedule. */
  resume(): void;
  done: Promise<RunSummary>;
}

/** A run that failed; `divergence` says so when it diverged (the page then offers a lower rate). */
export class TrainingRunError extends Error {
  override name = 'TrainingRunError';
  constructor(
    message: string,
    readonly divergence?: Divergence,
  ) {
    super(message);
  }
}

export function startTraining(request: Omit<TrainRequest, 'type' | 'runId'>, onEvent: (event: WorkerEvent) => void): TrainingHandle {
  const runId = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'digit-lab-training' });
  const done = new Promise<RunSummary>((resolve, reject) => {
    worker.addEventListener('message', (message: MessageEvent<WorkerEvent>) => {
      const event = message.data;
      if (event.runId !== runId) return;
      onEvent(event);
      if (event.type === 'done') resolve(event.summary);
      if (event.type === 'error') reject(new TrainingRunError(event.message, event.divergence));
    });
    worker.addEventListener('error', (error) => reject(new TrainingRunError(error.message || 'The training worker failed to start.')));
  }).finally(() => worker.terminate());
  worker.postMessage({ ...request, type: 'train', runId } satisfies TrainRequest);
  const send = (type: 'stop' | 'pause' | 'resume') => worker.postMessage({ type, runId });
  return { runId, stop: () => send('stop'), pause: () => send('pause'), resume: () => send('resume'), done };
}
