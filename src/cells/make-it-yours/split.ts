import type { CellRunner } from '../../components/notebook/types';
import { DEFAULT_FINE_TUNE, MIN_OWN_SAMPLES, splitHeldBack } from '../../lib/samples/fine-tune-plan';
import { countByDigit } from '../../lib/samples/sample';
import { openSampleStore } from '../../lib/store/sample-store';

/** How the samples collected so far would be split: trained on, and held back, per digit. */
export const run: CellRunner = async ({ output }) => {
  const { samples } = await (await openSampleStore(globalThis.indexedDB)).list();
  if (samples.length < MIN_OWN_SAMPLES) throw new Error(`You have ${samples.length} samples; collect at least ${MIN_OWN_SAMPLES} above (5 of each digit is better), then run this cell.`);
  const { training, heldBack } = splitHeldBack(samples, DEFAULT_FINE_TUNE.heldBackShare, DEFAULT_FINE_TUNE.seed);
  const trained = countByDigit(training);
  const held = countByDigit(heldBack);
  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'split-table';
  table.innerHTML = '<caption>Your samples, split</caption><thead><tr><th scope="col">Digit</th><th scope="col">Trained on</th><th scope="col">Held back</th></tr></thead>';
  const body = table.createTBody();
  for (let digit = 0; digit <= 9; digit++) {
    const row = body.insertRow();
    const header = document.createElement('th');
    header.scope = 'row';
    header.textContent = String(digit);
    row.append(header);
    row.insertCell().textContent = String(trained[digit]);
    row.insertCell().textContent = String(held[digit]);
  }
  output.append(table);
  return { training: training.length, heldBack: heldBack.length };
};
