/**
 * The page's side of a fine-tune in the training worker (the same worker lesson 4 trains in):
 * sends the request, hands progress to the page and resolves with the report and, when the
 * new model is worth keeping, its artifacts.
 */
import type { io } from '@tensorflow/tfjs';
import type { FineTuneReport } from '../../lib/samples/fine-tune-session';
import type { FineTuneRequest, WorkerEvent } from '../../lib/train/protocol';

export interface FineTuneOutcome {
  report: FineTuneReport;
  artifacts?: io.ModelArtifacts;
}

export function startFineTune(request: Omit<FineTuneRequest, 'type' | 'runId'>, onEvent: (event: WorkerEvent) => void): Promise<FineTuneOutcome> {
  const runId = `fine-tune-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const worker = new Worker(new URL('../training/train-worker.ts', import.meta.url), { type: 'module', name: 'digit-lab-fine-tune' });
  const done = new Promise<FineTuneOutcome>((resolve, reject) => {
    worker.addEventListener('message', (message: MessageEvent<WorkerEvent>) => {
      const event = message.data;
      if (event.runId !== runId) return;
      onEvent(event);
      if (event.type === 'fine-tuned') resolve({ report: event.report, artifacts: event.artifacts });
      if (event.type === 'error') reject(new Error(event.message));
    });
    worker.addEventListener('error', (error) => reject(new Error(error.message || 'The training worker failed to start.')));
  }).finally(() => worker.terminate());
  worker.postMessage({ ...request, type: 'fine-tune', runId } satisfies FineTuneRequest);
  return done;
}
