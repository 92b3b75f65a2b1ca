/** Labels next to their one-hot rows (and, when given, their images), the 1 highlighted. */
import { digitCanvas } from '../dom/digits';
import { tableScroll } from './table-scroll';

export interface OneHotRow {
  label: number;
  row: number[];
  pixels?: Uint8Array;
}

export function oneHotTable(caption: string, rows: OneHotRow[]): HTMLElement {
  const table = document.createElement('table');
  table.className = 'data-table one-hot';
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  const columns = [...(rows[0]?.pixels ? ['Image'] : []), 'Label', ...Array.from({ length: 10 }, (_, d) => String(d))];
  for (const name of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const { label, row, pixels } of rows) {
    const tr = body.insertRow();
    if (pixels) {
      const cell = tr.insertCell();
      const canvas = digitCanvas(pixels, 'digit digit-inline');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `An image labelled ${label}`);
      cell.append(canvas);
    }
    const heading = document.createElement('th');
    heading.scope = 'row';
    heading.textContent = String(label);
    tr.append(heading);
    row.forEach((value) => {
      const cell = tr.insertCell();
      cell.textContent = String(value);
      if (value === 1) cell.className = 'hot';
    });
  }
  return tableScroll(table, caption);
}
