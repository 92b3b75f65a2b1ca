/**
 * Lesson 3's table of a model: one row per layer with its settings, the shape of what it
 * outputs and how many numbers it learns, computed by src/lib/model/shapes.ts (no TF). The
 * builder adds inputs and buttons to the same table and refreshes the numbers as the student types.
 */
import { INPUT_SHAPE, type ModelConfig } from '../../lib/model/config';
import { describeLayer, LAYER_NAMES } from '../../lib/model/describe';
import { formatShape, traceShapes } from '../../lib/model/shapes';
import { formatCount } from '../../lib/site/format';
import type { CellRunner } from '../notebook/types';
import { textElement } from './elements';

export interface LayerTableParts {
  /** What goes in the settings column; a short description unless given. */
  settings?(index: number): Node;
  /** An extra last column (the builder's Remove buttons). */
  actions?: { heading: string; cell(index: number): Node };
}

export function layerTable(config: ModelConfig, caption: string, parts: LayerTableParts = {}): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'data-table layer-table';
  table.dataset.testid = 'layer-table';
  table.createCaption().textContent = caption;
  const headings = ['#', 'Layer', 'Settings', 'Output shape', 'Parameters', ...(parts.actions ? [parts.actions.heading] : [])];
  const head = table.createTHead().insertRow();
  for (const heading of headings) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = heading;
    head.append(th);
  }
  const body = table.createTBody();
  const input = body.insertRow();
  input.dataset.outputShape = formatShape(INPUT_SHAPE);
  input.append(textCell(''), rowHeading('Input'), textCell('a 28 × 28 grey image'), textCell(formatShape(INPUT_SHAPE)), textCell('0'));
  if (parts.actions) input.append(textCell(''));
  config.layers.forEach((spec, index) => {
    const row = body.insertRow();
    row.dataset.layer = String(index);
    const settings = document.createElement('td');
    settings.className = 'layer-settings';
    settings.append(parts.settings ? parts.settings(index) : describeLayer(spec));
    row.append(rowHeading(String(index + 1)), textCell(LAYER_NAMES[spec.type] ?? spec.type), settings, textCell('', 'layer-shape'), textCell('', 'layer-parameters'));
    if (parts.actions) {
      const cell = document.createElement('td');
      cell.append(parts.actions.cell(index));
      row.append(cell);
    }
  });
  const total = table.createTFoot().insertRow();
  total.append(rowHeading('Total'), textCell(''), textCell(''), textCell('', 'layer-shape'), textCell('', 'layer-parameters'));
  if (parts.actions) total.append(textCell(''));
  fillShapes(table, config);
  return table;
}

/**
 * Writes each layer's output shape and parameters into the table; rows from the first layer
 * whose shape cannot be computed get a dash and are marked, and the total is a dash too.
 */
export function fillShapes(table: HTMLTableElement, config: ModelConfig): void {
  const trace = traceShapes(config.layers);
  for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-layer]')) {
    const index = Number(row.dataset.layer);
    const layer = trace.layers[index];
    row.dataset.outputShape = layer ? formatShape(layer.outputShape) : '';
    row.dataset.parameters = layer ? String(layer.parameters) : '';
    row.dataset.problem = String(trace.problem?.layerIndex === index);
    row.querySelector('.layer-shape')!.textContent = layer ? formatShape(layer.outputShape) : '—';
    row.querySelector('.layer-parameters')!.textContent = layer ? formatCount(layer.parameters) : '—';
  }
  const total = table.tFoot!.rows[0]!;
  const complete = !trace.problem;
  const parameters = trace.layers.reduce((sum, layer) => sum + layer.parameters, 0);
  total.dataset.parameters = complete ? String(parameters) : '';
  total.querySelector('.layer-shape')!.textContent = complete ? formatShape(trace.layers.at(-1)?.outputShape ?? INPUT_SHAPE) : '—';
  total.querySelector('.layer-parameters')!.textContent = complete ? formatCount(parameters) : '—';
}

function rowHeading(text: string): HTMLTableCellElement {
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = text;
  return th;
}

function textCell(text: string, className = ''): HTMLTableCellElement {
  return textElement('td', text, className);
}

/** A cell that shows one preset's table. */
export function layerTableCell(config: ModelConfig, caption: string): CellRunner {
  return async ({ output }) => {
    output.append(layerTable(config, caption));
  };
}
