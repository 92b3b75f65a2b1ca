/**
 * Charts drawn with Observable Plot. Each chart is wrapped in a <figure>
 * with role="img" and a label that says what it shows, and comes with the
 * numbers behind it in a table a screen reader (or a curious student) can read.
 */
import * as Plot from '@observablehq/plot';
import { formatCount } from '../../lib/site/format';

export interface ChartFrame {
  /** What the chart shows, read out by screen readers. */
  label: string;
  caption: string;
  testid: string;
}

/** A chart as wide as the cell it sits in (the output area itself may still be empty and hidden). */
export function chartWidth(output: HTMLElement): number {
  const cell = output.closest<HTMLElement>('.cell') ?? output;
  return Math.max(260, Math.min(640, cell.clientWidth - 32));
}

/** Ten bars, one per digit: how many images carry each label. */
export function labelBarChart(counts: number[], frame: ChartFrame & { width: number; color: string }): HTMLElement {
  const data = counts.map((count, digit) => ({ digit: String(digit), count }));
  const chart = Plot.plot({
    width: frame.width,
    height: 240,
    marginLeft: 56,
    x: { label: 'Digit', domain: data.map((d) => d.digit) },
    y: { label: 'Images', grid: true },
    marks: [Plot.barY(data, { x: 'digit', y: 'count', fill: frame.color, title: (d: { digit: string; count: number }) => `${d.digit}: ${formatCount(d.count)}` }), Plot.ruleY([0])],
  });
  const figure = wrap(chart, frame);
  figure.dataset.counts = counts.join(',');
  figure.append(numbersTable(['Digit', 'Images'], data.map((d) => [d.digit, formatCount(d.count)])));
  return figure;
}

/** How often each grey value 0..255 occurs, on a log scale (background pixels dwarf the rest). */
export function histogramChart(histogram: number[], frame: ChartFrame & { width: number }): HTMLElement {
  const data = histogram.map((count, value) => ({ value, count })).filter((d) => d.count > 0);
  const chart = Plot.plot({
    width: frame.width,
    height: 240,
    marginLeft: 64,
    // A little room left of 0, or the tallest bar (the background) hides behind the axis.
    x: { label: 'Pixel value (0 = black, 255 = white)', domain: [-6, 262] },
    y: { label: 'Pixels (log scale)', type: 'log', grid: true },
    marks: [
      Plot.rectY(data, { x1: 'value', x2: (d: { value: number }) => d.value + 1, y1: 1, y2: 'count', fill: '#0a58ca' }),
      Plot.text([{ value: 0, count: histogram[0] ?? 1 }], { x: 'value', y: 'count', text: () => '← background', textAnchor: 'start', dx: 6 }),
    ],
  });
  const figure = wrap(chart, frame);
  const sample = [0, 1, 64, 128, 192, 253, 254, 255];
  figure.append(numbersTable(['Pixel value', 'Pixels'], sample.map((v) => [String(v), formatCount(histogram[v] ?? 0)])));
  return figure;
}

/** A chart in a <figure> with a caption, labelled as one image for screen readers. */
export function wrap(chart: SVGSVGElement | HTMLElement, frame: ChartFrame): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.dataset.testid = frame.testid;
  const picture = document.createElement('div');
  picture.setAttribute('role', 'img');
  picture.setAttribute('aria-label', frame.label);
  // The figure speaks for the whole chart; Plot's labels on inner <g> elements
  // have no role to attach to, and axe rightly flags them.
  for (const labelled of chart.querySelectorAll('[aria-label]')) labelled.removeAttribute('aria-label');
  picture.append(chart);
  const caption = document.createElement('figcaption');
  caption.textContent = frame.caption;
  figure.append(caption, picture);
  return figure;
}

function numbersTable(headings: string[], rows: string[][]): HTMLElement {
  const details = document.createElement('details');
  details.className = 'chart-numbers';
  const summary = document.createElement('summary');
  summary.textContent = 'The numbers';
  const table = document.createElement('table');
  table.className = 'data-table';
  const head = `<thead><tr>${headings.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`).join('');
  table.innerHTML = `${head}<tbody>${body}</tbody>`;
  details.append(summary, table);
  return details;
}
