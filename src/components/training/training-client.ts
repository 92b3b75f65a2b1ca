/**
 * The page's side of the training worker: starts a run, hands every event to
 * the page, and resolves with the run's summary.
 */
import type { RunSummary, TrainRequest, WorkerEvent } from '../../lib/train/protocol';

export interface TrainingHandle {
  runId: string;
  /** Ends the run after the step in progress. */
  stop(): void;
  done: Promise<RunSummary>;
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
      if (event.type === 'error') reject(new Error(event.message));
    });
    worker.addEventListener('error', (error) => reject(new Error(error.message || 'The training worker failed to start.')));
  }).finally(() => worker.terminate());
  worker.postMessage({ ...request, type: 'train', runId } satisfies TrainRequest);
  return { runId, stop: () => worker.postMessage({ type: 'stop', runId }), done };
}
