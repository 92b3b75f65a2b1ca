import type { CellRunner } from '../../components/notebook/types';
import { DEFAULT_FINE_TUNE, replayBatches } from '../../lib/samples/fine-tune-plan';
import { textElement } from '../../components/dom/elements';

const SHOWN_STEPS = 3;

/** The first batches of a fine-tune with the default options: how many of yours, how many MNIST. */
export const run: CellRunner = async ({ output }) => {
  const own = 40;
  const batches = replayBatches(own, 60_000, { ...DEFAULT_FINE_TUNE, steps: SHOWN_STEPS });
  const list = document.createElement('ol');
  list.dataset.testid = 'mix-batches';
  for (const batch of batches) {
    list.append(textElement('li', `${batch.own.length} of your ${own} training samples (numbers ${batch.own.slice(0, 8).join(', ')}…), then ${batch.mnist.length} MNIST training images`));
  }
  output.append(textElement('p', `A batch of ${DEFAULT_FINE_TUNE.batchSize} with an MNIST share of ${DEFAULT_FINE_TUNE.replayShare * 100}%:`), list);
  return batches;
};
