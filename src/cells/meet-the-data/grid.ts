import type { LoadResult } from '../../lib/data/loader';
import { digitDetail, digitGrid, type GridItem } from '../../components/dom/digits';
import type { CellRunner } from '../../components/notebook/types';

/** 100 training digits, ten of each, one row per digit; click one to look closer. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  let seed = 1;
  const controls = document.createElement('div');
  controls.className = 'cell-controls';
  const again = document.createElement('button');
  again.type = 'button';
  again.textContent = 'Show 100 others';
  controls.append(again);
  const gridHolder = document.createElement('div');
  const detailHolder = document.createElement('div');
  detailHolder.setAttribute('aria-live', 'polite');
  const hint = document.createElement('p');
  hint.textContent = 'Click a digit (or move with the arrow keys and press Enter) to see it large, with its label and its pixel values.';

  const show = (): void => {
    const indices = data.balancedSample('train', 10, seed);
    const items: GridItem[] = [...indices].map((index) => ({ index, label: data.label('train', index), pixels: data.image('train', index) }));
    const grid = digitGrid(
      items,
      (item) => `Training image ${item.index}, labelled ${item.label}`,
      (item) => detailHolder.replaceChildren(digitDetail(item.pixels, `Training image #${item.index}: labelled “${item.label}”`)),
    );
    grid.dataset.testid = 'digit-grid';
    grid.setAttribute('aria-label', '100 training images, ten of each digit');
    gridHolder.replaceChildren(grid);
    detailHolder.replaceChildren();
  };
  again.addEventListener('click', () => {
    seed += 1;
    show();
  });
  show();
  output.append(controls, hint, gridHolder, detailHolder);
};
