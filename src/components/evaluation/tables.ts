/** Small tables for lesson 5: a header row, then one row per entry; built from elements, never from HTML strings. */
import { textElement } from '../dom/elements';

export function dataTable(caption: string, headings: readonly string[], rows: readonly (readonly string[])[], testId: string): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = testId;
  table.append(textElement('caption', caption));
  const headRow = document.createElement('tr');
  for (const heading of headings) {
    const th = textElement('th', heading);
    th.scope = 'col';
    headRow.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(headRow);
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    row.forEach((cell, i) => {
      if (i === 0) {
        const th = textElement('th', cell);
        th.scope = 'row';
        tr.append(th);
      } else tr.append(textElement('td', cell));
    });
    body.append(tr);
  }
  table.append(thead, body);
  return table;
}

/** A table that may be wider than a phone: it scrolls inside itself, never the page. */
export function scrolling(table: HTMLElement, label: string): HTMLElement {
  const region = document.createElement('div');
  region.className = 'table-scroll';
  region.tabIndex = 0;
  region.setAttribute('role', 'region');
  region.setAttribute('aria-label', label);
  region.append(table);
  return region;
}

export const percentText = (value: number): string => (Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`);
