/**
 * A run's checkpoint, taken at the end of every epoch: the model's weights, the optimizer's
 * state, the step (which fixes the schedule's position), the augmentation's draws, the curves
 * so far and the request that started it. Reloading the page, closing the tab or leaving for
 * another lesson then loses at most one epoch: the page offers to continue, and the run goes
 * on exactly as it would have (tests/unit/train/checkpoint.test.ts). Plain data, so it goes
 * through postMessage and into IndexedDB as it is.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Tfjs } from '../model/tfjs';
import type { TrainRequest } from './protocol';
import type { BatchReport, EpochEndState, TrainStart, ValidationReport } from './trainer';

export const CHECKPOINT_VERSION = 1;

export interface SavedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface Checkpoint {
  version: number;
  runId: string;
  /** The request as the page sent it (model, options, backend, seeds). */
  request: Omit<TrainRequest, 'type' | 'runId' | 'resume'>;
  epochsDone: number;
  step: number;
  totalSteps: number;
  augmentDraws: number;
  weights: SavedTensor[];
  optimizer: SavedTensor[];
  curves: { batches: BatchReport[]; validations: ValidationReport[] };
  savedAt: number;
}

async function saveTensor(name: string, tensor: Tensor): Promise<SavedTensor> {
  return { name, shape: [...tensor.shape], values: Float32Array.from(await tensor.data()) };
}

/** Reads everything a checkpoint needs; the tensors it reads are the model's and optimizer's own (not disposed). */
export async function takeCheckpoint(
  model: LayersModel,
  state: EpochEndState,
  context: Pick<Checkpoint, 'runId' | 'request' | 'totalSteps' | 'curves'>,
): Promise<Checkpoint> {
  const weights = await Promise.all(model.weights.map((weight) => saveTensor(weight.originalName, weight.read())));
  const optimizerWeights = await state.optimizer.getWeights();
  const optimizer = await Promise.all(optimizerWeights.map(({ name, tensor }) => saveTensor(name, tensor)));
  // getWeights hands back new scalars for the iteration count; the moments are the optimizer's.
  for (const { name, tensor } of optimizerWeights) if (name === 'iter') tensor.dispose();
  return {
    version: CHECKPOINT_VERSION,
    ...context,
    epochsDone: state.epoch,
    step: state.step,
    augmentDraws: state.augmentDraws,
    weights,
    optimizer,
    savedAt: Date.now(),
  };
}

/**
 * Puts the checkpoint's weights into `model` (built from the same config) and returns what
 * train() needs to go on. Call `dispose` on the result once train() has started.
 */
export function restoreCheckpoint(tf: Tfjs, model: LayersModel, checkpoint: Checkpoint): TrainStart & { dispose(): void } {
  if (checkpoint.weights.length !== model.weights.length) {
    throw new Error(`This checkpoint has ${checkpoint.weights.length} weights but the model has ${model.weights.length}: it belongs to another model.`);
  }
  const weights = checkpoint.weights.map((w) => tf.tensor(w.values, w.shape));
  model.setWeights(weights);
  tf.dispose(weights);
  const optimizerWeights = checkpoint.optimizer.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape) }));
  return {
    epochsDone: checkpoint.epochsDone,
    step: checkpoint.step,
    augmentDraws: checkpoint.augmentDraws,
    optimizerWeights,
    dispose: () => tf.dispose(optimizerWeights.map((w) => w.tensor)),
  };
}

/** A checkpoint read back from storage, or undefined when it is not one this version wrote. */
export function readCheckpoint(value: unknown): Checkpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Partial<Checkpoint>;
  if (c.version !== CHECKPOINT_VERSION || typeof c.runId !== 'string' || typeof c.step !== 'number' || typeof c.epochsDone !== 'number') return undefined;
  if (!Array.isArray(c.weights) || !Array.isArray(c.optimizer) || typeof c.request !== 'object' || c.request === null) return undefined;
  if (!c.weights.every((w) => w.values instanceof Float32Array) || !c.curves) return undefined;
  return c as Checkpoint;
}

/** "A run was interrupted at epoch 2 of 3", the sentence the page offers to continue. */
export function interruptedText(checkpoint: Checkpoint): string {
  const epochs = checkpoint.request.options.epochs;
  return `A run of ${checkpoint.request.model.name} was interrupted at epoch ${checkpoint.epochsDone + 1} of ${epochs} (step ${checkpoint.step} of ${checkpoint.totalSteps}; epoch ${checkpoint.epochsDone} is saved).`;
}
