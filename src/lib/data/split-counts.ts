/**
 * How many images of each digit each part of the data holds once the validation images are
 * set aside: the training images the network learns from, the validation images it is
 * watched on while it learns, and the test images nobody looks at until the end.
 */
import type { MnistData, TrainValidationSplit } from './mnist';
import { labelCounts } from './stats';

export interface SplitCounts {
  train: number[];
  validation: number[];
  test: number[];
}

/** Images per digit in the training part, the validation part and the test set. */
export function splitClassCounts(data: MnistData, split: TrainValidationSplit): SplitCounts {
  const labelsAt = (indices: Uint32Array) => Uint8Array.from(indices, (index) => data.label('train', index));
  return {
    train: labelCounts(labelsAt(split.train)),
    validation: labelCounts(labelsAt(split.validation)),
    test: labelCounts(data.test.labels),
  };
}
