import type { LoadResult } from '../../lib/data/loader';
import { classMeans } from '../../lib/data/stats';
import { digitCanvas } from '../../components/dom/digits';
import type { CellRunner } from '../../components/notebook/types';

/** The average of all training images of each digit: what a "typical" 0…9 looks like. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  const size = data.train.rows * data.train.cols;
  const means = classMeans(data.train);
  const grid = document.createElement('div');
  grid.className = 'mean-grid';
  grid.dataset.testid = 'mean-images';
  for (let digit = 0; digit < 10; digit++) {
    const figure = document.createElement('figure');
    const canvas = digitCanvas(means.subarray(digit * size, (digit + 1) * size));
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `The mean image of all training images labelled ${digit}`);
    const caption = document.createElement('figcaption');
    caption.textContent = `Mean of “${digit}”`;
    figure.append(canvas, caption);
    grid.append(figure);
  }
  output.append(grid);
};
