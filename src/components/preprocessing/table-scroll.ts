/**
 * A wide table in a box that scrolls sideways on a phone instead of widening the page. The
 * box can take focus and is named, so keyboard users can scroll it too (axe:
 * scrollable-region-focusable).
 */
export function tableScroll(table: HTMLTableElement, label: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'table-scroll';
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', label);
  box.append(table);
  return box;
}
