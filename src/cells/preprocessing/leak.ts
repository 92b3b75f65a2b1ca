import type { Tensor } from '@tensorflow/tfjs';
import { leakTensors, sumWithTidy } from '../../lib/train/tensors';
import { formatCount } from '../../lib/site/format';
import { textElement } from '../../components/dom/elements';
import { loadTfjs } from '../../components/draw/tf-runtime';
import { memoryReadout, refreshMemoryReadouts } from '../../components/preprocessing/memory-readout';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

const ADDITIONS = 100;

/** Leaks on purpose, so the readout climbs; then cleans up, or does the same sum inside tf.tidy. */
export const run: CellRunner = async ({ output, status }) => {
  status('Loading TensorFlow.js…');
  const tf = await loadTfjs();
  const readout = memoryReadout(tf);
  const baseline = tf.memory().numTensors;
  readout.dataset.baseline = String(baseline);
  let leaked: Tensor[] = leakTensors(tf, ADDITIONS);
  refreshMemoryReadouts();

  const report = textElement('p', '', 'leak-report');
  report.dataset.testid = 'leak-report';
  report.setAttribute('aria-live', 'polite');
  const controls = document.createElement('div');
  controls.className = 'cell-controls';
  const cleanUp = button('Clean up (dispose them)', 'leak-clean-up');
  const leakAgain = button(`Leak ${ADDITIONS} additions again`, 'leak-again');
  const tidy = button('The same sum inside tf.tidy', 'leak-tidy');
  controls.append(cleanUp, leakAgain, tidy);
  output.append(readout, report, controls);

  const say = (text: string): void => {
    refreshMemoryReadouts();
    report.textContent = text;
    cleanUp.disabled = leaked.length === 0;
  };
  say(`${ADDITIONS} additions without tf.tidy left ${formatCount(leaked.length)} tensors alive (from ${formatCount(baseline)} to ${formatCount(tf.memory().numTensors)}). Nothing will free them until someone disposes each.`);

  cleanUp.addEventListener('click', () => {
    const count = leaked.length;
    for (const tensor of leaked) tensor.dispose();
    leaked = [];
    say(`Disposed ${formatCount(count)} tensors: back to ${formatCount(tf.memory().numTensors)}.`);
  });
  leakAgain.addEventListener('click', () => {
    leaked = leaked.concat(leakTensors(tf, ADDITIONS));
    say(`Leaked again: ${formatCount(leaked.length)} tensors are waiting to be disposed (${formatCount(tf.memory().numTensors)} alive).`);
  });
  tidy.addEventListener('click', async () => {
    const before = tf.memory().numTensors;
    const sum = await sumWithTidy(tf, ADDITIONS);
    say(`Inside tf.tidy the same ${ADDITIONS} additions (sum of the result: ${formatCount(sum)}) left ${formatCount(tf.memory().numTensors - before)} tensors behind.`);
  });
};

function button(text: string, testid: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.dataset.testid = testid;
  return element;
}
