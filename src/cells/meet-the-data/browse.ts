import type { LoadResult } from '../../lib/data/loader';
import type { SplitName } from '../../lib/data/mnist';
import { formatCount } from '../../lib/site/format';
import { digitDetail, digitGrid } from '../../components/dom/digits';
import type { CellRunner } from '../../components/notebook/types';

const PAGE_SIZE = 60;

/** Every image of one digit, a page at a time: the best way to meet the odd ones. */
export const run: CellRunner = async ({ output, input }) => {
  const { data } = input<LoadResult>('load');
  let digit = 0;
  let split: SplitName = 'train';
  let page = 0;

  const form = document.createElement('form');
  form.className = 'class-browser';
  form.addEventListener('submit', (event) => event.preventDefault());
  const picker = document.createElement('fieldset');
  picker.className = 'digit-picker';
  picker.innerHTML =
    '<legend>Digit</legend>' +
    Array.from({ length: 10 }, (_, d) => `<label><input type="radio" name="digit" value="${d}"${d === 0 ? ' checked' : ''}><span>${d}</span></label>`).join('');
  const setPicker = document.createElement('fieldset');
  setPicker.className = 'digit-picker';
  setPicker.innerHTML =
    '<legend>Set</legend>' +
    '<label><input type="radio" name="split" value="train" checked><span>&nbsp;Training&nbsp;</span></label>' +
    '<label><input type="radio" name="split" value="test"><span>&nbsp;Test&nbsp;</span></label>';
  const pager = document.createElement('div');
  pager.className = 'cell-controls';
  const previous = button('← Previous page');
  const next = button('Next page →');
  const position = document.createElement('span');
  position.dataset.testid = 'browse-position';
  position.setAttribute('aria-live', 'polite');
  pager.append(previous, next, position);
  const gridHolder = document.createElement('div');
  const detailHolder = document.createElement('div');
  form.append(picker, setPicker);
  output.append(form, pager, gridHolder, detailHolder);

  const show = (): void => {
    const indices = data.indicesOfClass(split, digit);
    const pages = Math.max(1, Math.ceil(indices.length / PAGE_SIZE));
    page = Math.max(0, Math.min(page, pages - 1));
    const shown = indices.subarray(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const setName = split === 'train' ? 'training' : 'test';
    position.textContent = `${formatCount(page * PAGE_SIZE + 1)}–${formatCount(page * PAGE_SIZE + shown.length)} of ${formatCount(indices.length)} ${setName} images of “${digit}”`;
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    const grid = digitGrid(
      [...shown].map((index) => ({ index, label: digit, pixels: data.image(split, index) })),
      (item) => `${setName} image ${item.index}`,
      (item) => detailHolder.replaceChildren(digitDetail(item.pixels, `${setName[0]!.toUpperCase()}${setName.slice(1)} image #${item.index}: labelled “${item.label}”`)),
    );
    grid.dataset.testid = 'browse-grid';
    grid.setAttribute('aria-label', `Images of the digit ${digit}`);
    gridHolder.replaceChildren(grid);
    detailHolder.replaceChildren();
  };

  form.addEventListener('change', () => {
    const values = new FormData(form);
    digit = Number(values.get('digit'));
    split = values.get('split') === 'test' ? 'test' : 'train';
    page = 0;
    show();
  });
  previous.addEventListener('click', () => {
    page -= 1;
    show();
  });
  next.addEventListener('click', () => {
    page += 1;
    show();
  });
  show();
};

function button(text: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  return element;
}
