import { scoredGallery } from '../../components/evaluation/gallery';
import type { EvaluationSession } from '../../components/evaluation/session';
import { testItems } from '../../components/evaluation/test-items';
import { textElement } from '../../components/dom/elements';
import { chartWidth } from '../../components/dom/charts';
import type { CellRunner } from '../../components/notebook/types';
import { LiveConfusionMatrix, loadLiveCharts } from '../../components/vis/live-chart';
import { imagesInCell } from '../../lib/eval/galleries';
import { confusionOfScored, type ConfusionCounts } from '../../lib/eval/metrics';
import { scoredImages } from '../../lib/eval/scored-set';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The confusion matrix drawn by tfjs-vis, and the same counts as a grid of buttons: click
 * (or Enter on) a cell to see the test images behind it, each with its probabilities. tfjs-vis
 * builds the chart once; another model's counts are streamed into it (LiveConfusionMatrix).
 */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<EvaluationSession>('evaluate');
  await loadLiveCharts();
  const root = document.createElement('div');
  root.className = 'confusion';
  root.dataset.testid = 'confusion-matrix';
  const chart = document.createElement('div');
  chart.className = 'vis-chart';
  chart.setAttribute('role', 'img');
  const matrix = new LiveConfusionMatrix(chart);
  const grid = document.createElement('div');
  grid.className = 'confusion-scroll';
  const detail = document.createElement('div');
  detail.className = 'confusion-detail';
  detail.setAttribute('aria-live', 'polite');
  root.append(chart, textElement('p', 'The same counts, one button per cell: rows are the true digit, columns what the model answered.', 'hint'), grid, detail);
  output.append(root);

  session.follow('confusion', (evaluation) => {
    const images = scoredImages(evaluation.test);
    const counts = confusionOfScored(images);
    root.dataset.counts = JSON.stringify(counts);
    root.dataset.model = evaluation.model.id;
    chart.setAttribute('aria-label', `Confusion matrix of ${evaluation.model.name} on the 10,000 test images; the table below has the same counts.`);
    const side = Math.min(520, chartWidth(output) - 40);
    void matrix.draw(counts, DIGITS, { width: side, height: side, shadeDiagonal: false, showTextOverlay: side > 360 });
    const showCell = (actual: number, predicted: number): void => {
      const behind = imagesInCell(images, actual, predicted);
      const heading = textElement('h4', `True ${actual}, read as ${predicted}: ${behind.length.toLocaleString('en')} image${behind.length === 1 ? '' : 's'}`);
      const gallery = scoredGallery(testItems(session.data, evaluation.test, behind), heading.textContent ?? '');
      gallery.dataset.testid = 'cell-images';
      gallery.dataset.actual = String(actual);
      gallery.dataset.predicted = String(predicted);
      detail.replaceChildren(heading, gallery);
    };
    grid.replaceChildren(countsTable(counts, showCell));
    detail.replaceChildren();
  });
  return undefined;
};

function countsTable(counts: ConfusionCounts, onPick: (actual: number, predicted: number) => void): HTMLElement {
  const table = document.createElement('table');
  table.className = 'confusion-table';
  table.append(textElement('caption', 'Confusion counts (rows: true digit; columns: answer)'));
  const head = document.createElement('tr');
  head.append(textElement('th', 'true↓'));
  for (const digit of DIGITS) {
    const th = textElement('th', digit);
    th.scope = 'col';
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  const largestError = Math.max(1, ...counts.flatMap((row, a) => row.filter((_, p) => p !== a)));
  counts.forEach((row, actual) => {
    const tr = document.createElement('tr');
    const th = textElement('th', String(actual));
    th.scope = 'row';
    tr.append(th);
    row.forEach((count, predicted) => {
      const td = document.createElement('td');
      const button = textElement('button', String(count), actual === predicted ? 'diagonal' : count > 0 ? 'error' : '');
      button.type = 'button';
      button.dataset.testid = 'confusion-cell';
      button.dataset.actual = String(actual);
      button.dataset.predicted = String(predicted);
      button.dataset.count = String(count);
      button.setAttribute('aria-label', `True ${actual} read as ${predicted}: ${count} images`);
      if (actual !== predicted && count > 0) button.style.setProperty('--heat', String(Math.sqrt(count / largestError)));
      button.addEventListener('click', () => onPick(actual, predicted));
      td.append(button);
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(thead, body);
  return table;
}
