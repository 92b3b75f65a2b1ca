/**
 * Draws what `show` classified (src/lib/notebook/code/show.ts) in a cell's output: text,
 * digit images on canvases, tables, a model's summary, a Plot figure as it is, a tfjs-vis
 * chart (tfjs-vis loads only when a cell shows one). Values become text through
 * `textContent`, never markup.
 */
import { paintDigit } from '../dom/digits';
import { textElement } from '../dom/elements';
import { loadTfvis } from '../vis/tfvis';
import { classifyForShow, type Shown } from '../../lib/notebook/code/show';
import { formatCount } from '../../lib/site/format';

export function renderShown(value: unknown, label?: string): HTMLElement {
  const shown = classifyForShow(value);
  const block = document.createElement('div');
  block.className = `shown shown-${shown.kind}`;
  block.dataset.kind = shown.kind;
  if (label !== undefined) {
    const caption = document.createElement('p');
    caption.className = 'shown-label';
    caption.textContent = label;
    block.append(caption);
  }
  block.append(...renderParts(shown, label));
  return block;
}

function renderParts(shown: Shown, label: string | undefined): Node[] {
  switch (shown.kind) {
    case 'text':
      return [textElement('pre', shown.text, 'shown-text')];
    case 'image':
      return [digitImage(shown.pixels, label ?? 'a 28 × 28 image')];
    case 'strip': {
      const strip = document.createElement('div');
      strip.className = 'shown-images';
      strip.setAttribute('role', 'group');
      strip.setAttribute('aria-label', `${shown.total} images of 28 × 28`);
      strip.append(...shown.images.map((pixels, i) => digitImage(pixels, `image ${i + 1} of ${shown.total}`)));
      const parts: Node[] = [strip];
      if (shown.total > shown.images.length) parts.push(textElement('p', `The first ${shown.images.length} of ${shown.total} images.`, 'shown-note'));
      return parts;
    }
    case 'tensor':
      return [textElement('pre', `Tensor, shape [${shown.shape.join(', ')}], ${shown.dtype}, ${formatCount(shown.size)} values\n${shown.preview}`, 'shown-text')];
    case 'table':
      return [dataTable(shown.columns, shown.rows), ...(shown.total > shown.rows.length ? [textElement('p', `The first ${shown.rows.length} of ${shown.total} rows.`, 'shown-note')] : [])];
    case 'model': {
      const table = dataTable(
        ['Layer', 'Type', 'Output shape', 'Parameters'],
        shown.rows.map((row) => [row.name, row.type, row.outputShape, formatCount(row.parameters)]),
        `${formatCount(shown.parameters)} parameters in all`,
      );
      table.dataset.testid = 'model-summary';
      table.dataset.layers = String(shown.rows.length);
      table.dataset.parameters = String(shown.parameters);
      return [table];
    }
    case 'element':
      return [shown.element as Node];
    case 'vis': {
      const area = document.createElement('div');
      area.className = 'shown-vis';
      void loadTfvis()
        .then((tfvis) => {
          const render = tfvis.render[shown.chart] as (container: HTMLElement, data: unknown, options: unknown) => Promise<void>;
          return render(area, shown.data, { width: Math.min(600, area.clientWidth || 600), ...shown.options });
        })
        .catch((error: unknown) => area.append(textElement('p', chartProblem(error), 'cell-error')));
      return [area];
    }
  }
}

/** Vega compiles code at run time, which only the tfjs-vis lessons' Content-Security-Policy allows. */
function chartProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EvalError || /unsafe-eval|Content Security Policy/i.test(message)) {
    return "tfjs-vis charts cannot be drawn on this page: its Content-Security-Policy forbids the run-time code Vega needs (only the lessons with tfjsVis: true allow it). Show a Plot figure instead.";
  }
  return `The chart could not be drawn: ${message}`;
}

function digitImage(pixels: Float32Array, label: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'digit shown-digit';
  paintDigit(canvas, Array.from(pixels, (v) => Math.max(0, Math.min(1, v)) * 255));
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return canvas;
}

function dataTable(columns: string[], rows: string[][], caption?: string): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'data-table shown-table';
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) tr.insertCell().textContent = value;
  }
  return table;
}

