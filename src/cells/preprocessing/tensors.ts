import type { LoadResult } from '../../lib/data/loader';
import { oneHot } from '../../lib/data/one-hot';
import { trainingTensors } from '../../lib/train/tensors';
import { formatBytes, formatCount } from '../../lib/site/format';
import { paintDigit } from '../../components/dom/digits';
import { oneHotTable } from '../../components/preprocessing/one-hot-table';
import { tableScroll } from '../../components/preprocessing/table-scroll';
import { textElement } from '../../components/dom/elements';
import { loadTfjs } from '../../components/draw/tf-runtime';
import { firstBatch, lessonFourSplit } from '../../components/preprocessing/lesson-data';
import { memoryReadout, refreshMemoryReadouts } from '../../components/preprocessing/memory-readout';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

const ROWS_SHOWN = 5;
const BATCH_ROWS_SHOWN = 8;
const STRIP_COLUMNS = 32;

/** The whole training part as two tensors, their shapes and size, and one batch of 256 as pictures and one-hot rows. */
export const run: CellRunner = async ({ output, input, status }) => {
  const { data } = input<LoadResult>('load');
  status('Loading TensorFlow.js…');
  const tf = await loadTfjs();
  output.append(memoryReadout(tf));
  const split = lessonFourSplit(data);
  status(`Making the tensors of ${formatCount(split.train.length)} images…`);
  const before = tf.memory();
  // A slice at a time with a break between: the page keeps answering while 172 MB are made.
  const { images, labels } = await trainingTensors(tf, data, split.train, { pause: () => new Promise((resolve) => setTimeout(resolve, 0)) });
  refreshMemoryReadouts();
  const made = tf.memory();
  const head = labels.slice([0, 0], [ROWS_SHOWN, 10]);
  const firstRows = (await head.array()) as number[][];
  head.dispose();
  const shapes = { images: [...images.shape], labels: [...labels.shape] };
  images.dispose();
  labels.dispose();
  // Let the readout show the tensors before they go, then after.
  refreshMemoryReadouts();
  const after = tf.memory();

  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'tensor-shapes';
  table.createCaption().textContent = 'The training images and their labels as tensors';
  table.createTHead().innerHTML = '<tr><th scope="col">Tensor</th><th scope="col">Shape</th><th scope="col">Bytes</th></tr>';
  const body = table.createTBody();
  for (const [name, shape] of [['images', shapes.images], ['labels', shapes.labels]] as const) {
    const row = body.insertRow();
    row.dataset.shape = shape.join(',');
    const heading = document.createElement('th');
    heading.scope = 'row';
    heading.textContent = name;
    row.append(heading);
    const count = shape.reduce((a, b) => a * b, 1);
    const shapeCell = row.insertCell();
    shapeCell.className = 'shape';
    shapeCell.textContent = `[${shape.map(formatCount).join(', ')}]`;
    // Four bytes per number: float32 is what the network computes in.
    const size = row.insertCell();
    size.textContent = formatBytes(count * 4);
    size.title = `${formatCount(count)} numbers`;
  }
  const shapesHolder = tableScroll(table, 'Tensor shapes');
  const facts = textElement(
    'p',
    `That is ${formatCount(shapes.images.reduce((a, b) => a * b, 1))} numbers for the images and ${formatCount(shapes.labels.reduce((a, b) => a * b, 1))} for the one-hot labels, four bytes each. ` +
      `Making them took tf.memory() from ${formatCount(before.numTensors)} to ${formatCount(made.numTensors)} tensors and ${formatBytes(before.numBytes)} to ${formatBytes(made.numBytes)}; ` +
      `disposing them brought it back to ${formatCount(after.numTensors)} tensors and ${formatBytes(after.numBytes)}. That is why the trainer never holds them all: it makes one batch at a time.`,
  );
  facts.dataset.testid = 'tensor-facts';

  const rowsTable = oneHotTable(
    `The first ${ROWS_SHOWN} rows of the label tensor`,
    firstRows.map((row, i) => ({ label: data.label('train', split.train[i]!), row })),
  );

  const batch = firstBatch(data);
  const gathered = data.gather('train', batch);
  const strip = batchStrip(gathered.pixels, batch.length);
  const hot = oneHot(gathered.labels);
  const batchRows = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      label: gathered.labels[i]!,
      row: Array.from(hot.subarray(i * 10, (i + 1) * 10)),
      pixels: gathered.pixels.subarray(i * 784, (i + 1) * 784),
    }));
  const batchTable = oneHotTable(`The first ${BATCH_ROWS_SHOWN} images of the batch and their one-hot rows`, batchRows(BATCH_ROWS_SHOWN));
  batchTable.dataset.testid = 'batch-one-hot';
  const everyRow = document.createElement('details');
  everyRow.className = 'chart-numbers';
  everyRow.append(textElement('summary', `All ${batch.length} images and one-hot rows of the batch: the [${batch.length}, 10] label tensor`));
  everyRow.addEventListener('toggle', () => {
    if (everyRow.open && everyRow.childElementCount === 1) everyRow.append(oneHotTable(`All ${batch.length} rows`, batchRows(batch.length)));
  });
  output.append(
    shapesHolder,
    facts,
    rowsTable,
    textElement('h4', `A batch: ${batch.length} images, a tensor of shape [${batch.length}, 28, 28, 1]`, 'output-heading'),
    strip,
    batchTable,
    everyRow,
  );
  return shapes;
};

/** All images of a batch on one canvas, STRIP_COLUMNS to a row. */
function batchStrip(pixels: Uint8Array, count: number): HTMLElement {
  const rows = Math.ceil(count / STRIP_COLUMNS);
  const canvas = document.createElement('canvas');
  canvas.className = 'digit batch-strip';
  canvas.dataset.testid = 'batch-strip';
  canvas.width = STRIP_COLUMNS * 28;
  canvas.height = rows * 28;
  const context = canvas.getContext('2d');
  const one = document.createElement('canvas');
  for (let i = 0; i < count && context; i++) {
    paintDigit(one, pixels.subarray(i * 784, (i + 1) * 784));
    context.drawImage(one, (i % STRIP_COLUMNS) * 28, Math.floor(i / STRIP_COLUMNS) * 28);
  }
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `The ${count} images of one training batch, ${STRIP_COLUMNS} to a row`);
  return canvas;
}
