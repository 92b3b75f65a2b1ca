/**
 * The training worker's side of lesson 8's fine-tune: load the base model, run the session
 * (src/lib/samples/fine-tune-session.ts) and send the report, with the new weights only when
 * the new model is worth keeping. The model the page uses is never touched: this is a copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { MnistData } from '../../lib/data/mnist';
import { modelFromArtifacts, modelToArtifacts } from '../../lib/model/artifacts';
import { runFineTuneSession } from '../../lib/samples/fine-tune-session';
import type { FineTuneRequest, WorkerEvent } from '../../lib/train/protocol';

export interface FineTuneJobDeps {
  data(): Promise<MnistData>;
  /** Switches to wasm (with the course's gradient kernels), or else cpu. */
  backend(): Promise<string>;
  post(event: WorkerEvent): void;
  shouldStop(): boolean;
}

export async function runFineTuneJob(request: FineTuneRequest, deps: FineTuneJobDeps): Promise<void> {
  const { runId } = request;
  const status = (message: string) => deps.post({ type: 'status', runId, message });
  status('Loading MNIST…');
  const data = await deps.data();
  const backend = await deps.backend();
  status('Loading the model to start from…');
  const model = 'url' in request.base ? await tf.loadLayersModel(request.base.url) : await modelFromArtifacts(tf, request.base.artifacts);
  try {
    status(`Fine-tuning on ${backend}…`);
    const report = await runFineTuneSession(tf, model, request.samples, { train: data.train, test: data.test }, request.options, {
      onStep: (step, loss) => deps.post({ type: 'fine-tune-step', runId, step, steps: request.options.steps, loss }),
      shouldStop: deps.shouldStop,
    });
    const artifacts = report.verdict === 'keep' ? await modelToArtifacts(tf, model) : undefined;
    deps.post({ type: 'fine-tuned', runId, report, artifacts });
  } finally {
    model.dispose();
  }
}
