/**
 * Drawing MNIST digits on the page: one 28x28 canvas per digit, scaled up by
 * CSS with crisp pixels, and a grid of them a keyboard can move through.
 */

/** Paints grey values (0 = black background, 255 = white ink, as in MNIST) on a canvas. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, rows = 28, cols = 28): void {
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const value = Math.round(pixels[i] ?? 0);
    image.data[i * 4] = value;
    image.data[i * 4 + 1] = value;
    image.data[i * 4 + 2] = value;
    image.data[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

export function digitCanvas(pixels: ArrayLike<number>, className = 'digit'): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = className;
  paintDigit(canvas, pixels);
  return canvas;
}

export interface GridItem {
  pixels: ArrayLike<number>;
  label: number;
  /** Index in its set, shown to the student and used by tests. */
  index: number;
}

/**
 * A grid of digit buttons. Only one button is in the tab order; arrow keys,
 * Home and End move between them (a "roving tabindex"), so 100 digits cost a
 * keyboard user one Tab, not a hundred.
 */
export function digitGrid(items: GridItem[], describe: (item: GridItem) => string, onSelect: (item: GridItem) => void): HTMLElement {
  const grid = document.createElement('div');
  grid.className = 'digit-grid';
  grid.setAttribute('role', 'group');
  const buttons = items.map((item, position) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'digit-button';
    button.tabIndex = position === 0 ? 0 : -1;
    button.setAttribute('aria-label', describe(item));
    button.dataset.label = String(item.label);
    button.dataset.index = String(item.index);
    button.append(digitCanvas(item.pixels));
    button.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      onSelect(item);
    });
    return button;
  });
  grid.append(...buttons);
  grid.addEventListener('keydown', (event) => {
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    const columns = Math.max(1, Math.round(grid.clientWidth / (buttons[0]?.offsetWidth || 1)));
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      ArrowDown: current + columns,
      ArrowUp: current - columns,
      Home: 0,
      End: buttons.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, target))];
    if (!next) return;
    buttons[current]!.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  return grid;
}

/** One digit large, with its label and every one of its 784 pixel values. */
export function digitDetail(pixels: ArrayLike<number>, heading: string): HTMLElement {
  const detail = document.createElement('div');
  detail.className = 'digit-detail';
  detail.dataset.testid = 'digit-detail';
  const title = document.createElement('p');
  title.className = 'digit-detail-title';
  title.textContent = heading;
  const big = digitCanvas(pixels, 'digit digit-large');
  big.setAttribute('role', 'img');
  big.setAttribute('aria-label', heading);
  const table = document.createElement('table');
  table.className = 'pixel-table';
  const caption = document.createElement('caption');
  caption.textContent = 'Its 28 × 28 pixel values (0 = black, 255 = white)';
  table.append(caption);
  const body = document.createElement('tbody');
  for (let row = 0; row < 28; row++) {
    const tr = document.createElement('tr');
    for (let col = 0; col < 28; col++) {
      const value = Math.round(pixels[row * 28 + col] ?? 0);
      const td = document.createElement('td');
      td.textContent = String(value);
      td.style.background = `rgb(${value} ${value} ${value})`;
      // Dark text from grey 118 up, white below: both read at 4.5:1 contrast or better.
      if (value >= 118) td.className = 'light';
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  const scroller = document.createElement('div');
  scroller.className = 'pixel-table-scroll';
  scroller.tabIndex = 0;
  scroller.setAttribute('role', 'region');
  scroller.setAttribute('aria-label', 'Pixel values');
  scroller.append(table);
  detail.append(title, big, scroller);
  return detail;
}
