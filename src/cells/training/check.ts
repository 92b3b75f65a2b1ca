import { digitCanvas } from '../../components/dom/digits';
import type { CellRunner } from '../../components/notebook/types';
import type { LoadResult } from '../../lib/data/loader';
import { modelFromArtifacts } from '../../lib/model/artifacts';
import { predictDigits } from '../../lib/model/predict';
import { openModelStore } from '../../lib/store/model-store';
import { evaluate } from '../../lib/train/evaluate';
import { toUnitRange } from '../../lib/train/input';
import '../../styles/training.css';

/** Enough test images to tell a trained model from a guessing one in about a second on the page's CPU. */
const CHECK_IMAGES = 200;
const SHOWN = 20;

/**
 * Reads the newest trained model back from the browser's model store — as lesson 7 will —
 * and lets it read test digits on this page, so the student sees the saved copy works.
 */
export const run: CellRunner = async ({ output, input, status }) => {
  const { data } = input<LoadResult>('load');
  const store = await openModelStore();
  const newest = (await store.list()).find((info) => info.source === 'trained');
  if (!newest) throw new Error('No trained model is saved in this browser yet: train one above first.');
  const saved = await store.get(newest.id);
  if (!saved) throw new Error(`The model “${newest.name}” is no longer saved here (removed in another tab?).`);

  status('Loading TensorFlow.js…');
  const tf = await import('@tensorflow/tfjs');
  // A few hundred predictions need no worker: the plain CPU backend starts at once.
  await tf.setBackend('cpu');
  const tensorsBefore = tf.memory().numTensors;
  const model = await modelFromArtifacts(tf, saved.artifacts);
  try {
    const indices = Array.from({ length: CHECK_IMAGES }, (_, i) => i);
    const { pixels, labels } = data.gather('test', indices);
    const scored = await evaluate(tf, model, { count: CHECK_IMAGES, pixels, labels }, { batchSize: 100 });
    const probabilities = await predictDigits(tf, model, toUnitRange(pixels.subarray(0, SHOWN * 784)), SHOWN);

    const summary = document.createElement('p');
    summary.dataset.testid = 'saved-check';
    summary.dataset.modelId = saved.id;
    summary.dataset.accuracy = String(scored.accuracy);
    summary.textContent =
      `“${saved.name}”, read back from this browser’s storage, gets ${Math.round(scored.accuracy * CHECK_IMAGES)} of the first ` +
      `${CHECK_IMAGES} test images right (${(scored.accuracy * 100).toFixed(1)}%). Its first ${SHOWN} answers:`;
    const grid = document.createElement('div');
    grid.className = 'saved-check';
    for (let i = 0; i < SHOWN; i++) {
      const row = probabilities.subarray(i * 10, i * 10 + 10);
      const guess = row.indexOf(Math.max(...row));
      const figure = document.createElement('div');
      figure.className = 'saved-digit';
      const caption = document.createElement('span');
      caption.dataset.right = String(guess === labels[i]);
      caption.textContent = guess === labels[i] ? `${guess}` : `${guess} (is ${labels[i]})`;
      figure.append(digitCanvas(data.image('test', i)), caption);
      figure.setAttribute('aria-label', `Test image ${i}, labelled ${labels[i]}: the model reads ${guess}`);
      figure.setAttribute('role', 'img');
      grid.append(figure);
    }
    output.append(summary, grid);
  } finally {
    model.dispose();
    output.dataset.tensorsLeft = String(tf.memory().numTensors - tensorsBefore);
  }
};
