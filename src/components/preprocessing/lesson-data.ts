/**
 * What several of lesson 2's cells share: the split lesson 4 trains on (same seed, same
 * validation size, same code), worked out once per page.
 */
import type { MnistData, TrainValidationSplit } from '../../lib/data/mnist';
import { runSplit } from '../../lib/train/trainer';
import { DEFAULT_SEED, VALIDATION_IMAGES } from '../../lib/train/training-form';

const splits = new WeakMap<MnistData, TrainValidationSplit>();

export function lessonFourSplit(data: MnistData): TrainValidationSplit {
  let split = splits.get(data);
  if (!split) {
    split = runSplit(data, { validationSize: VALIDATION_IMAGES, seed: DEFAULT_SEED });
    splits.set(data, split);
  }
  return split;
}

/** The default recipe's batch size. */
export const BATCH_SIZE = 256;
/** Any seed gives a fair batch; a fixed one gives every student the same pictures to talk about. */
export const BATCH_SEED = 2;

/** The first batch of a shuffled epoch over the training part: 256 images, as the trainer takes them. */
export function firstBatch(data: MnistData): Uint32Array {
  const batch = data.batches(lessonFourSplit(data).train, BATCH_SIZE, BATCH_SEED).next().value;
  if (!batch) throw new Error('The training set is empty');
  return batch;
}
