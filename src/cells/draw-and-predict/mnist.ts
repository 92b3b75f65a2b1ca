import { digitCanvas } from '../../components/dom/digits';
import { drawPadOf } from '../../components/draw/draw-page';
import type { CellRunner } from '../../components/notebook/types';
import type { LoadResult } from '../../lib/data/loader';
import { MNIST_SIZE } from '../../lib/preprocess/mnist-input';

/** How many test images the cell reads: the first ones, the same every time, so a model can be compared with its record. */
const SHOWN = 20;

/**
 * The model the pad reads with, given MNIST test images 0–19 exactly as the pad feeds a
 * drawing (its pixel range included): a quick check that an uploaded model is fed right.
 */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const root = document.querySelector<HTMLElement>('[data-draw-pad]');
  const pad = root ? drawPadOf(root) : undefined;
  if (!pad) throw new Error('The drawing pad above has not started; reload the page.');
  const row = document.createElement('ol');
  row.className = 'mnist-readings';
  row.style.cssText = 'list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; font-size: 0.85rem;';
  const read: number[] = [];
  let right = 0;
  let modelName = '';
  let modelId = '';
  for (let index = 0; index < SHOWN; index++) {
    const image = data.image('test', index);
    const pixels = Float32Array.from(image, (value) => value / 255);
    const result = await pad.read(pixels);
    modelName = result.modelName;
    modelId = result.modelId;
    const digit = result.probabilities.indexOf(Math.max(...result.probabilities));
    const label = data.label('test', index);
    read.push(digit);
    if (digit === label) right++;
    const item = document.createElement('li');
    item.dataset.right = String(digit === label);
    item.style.cssText = `text-align: center; width: 3.2rem;${digit === label ? '' : ' color: var(--bad); font-weight: 600;'}`;
    const picture = digitCanvas(image);
    picture.style.width = '100%';
    picture.setAttribute('role', 'img');
    picture.setAttribute('aria-label', `Test image ${index}, labelled ${label}`);
    const caption = document.createElement('span');
    caption.textContent = digit === label ? `${digit}` : `${digit} (is ${label})`;
    item.append(picture, caption);
    row.append(item);
  }
  const summary = document.createElement('p');
  summary.dataset.testid = 'mnist-readings';
  summary.dataset.digits = read.join(',');
  summary.dataset.model = modelId;
  summary.textContent = `${modelName} reads ${right} of the first ${SHOWN} MNIST test images as labelled.`;
  output.append(summary, row);
  return { read, right, size: MNIST_SIZE };
};
