import type { LoadResult } from '../../lib/data/loader';
import { buildModel } from '../../lib/model/build';
import { DEFAULT_RECIPE } from '../../lib/model/presets';
import { firstLayerRanges, type FirstLayerRanges } from '../../lib/train/tensors';
import { DEFAULT_SEED } from '../../lib/train/training-form';
import { textElement } from '../../components/dom/elements';
import { loadTfjs } from '../../components/draw/tf-runtime';
import { firstBatch } from '../../components/preprocessing/lesson-data';
import { memoryReadout, refreshMemoryReadouts } from '../../components/preprocessing/memory-readout';
import { tableScroll } from '../../components/preprocessing/table-scroll';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

/** The default recipe's first layer, as initialised, on one batch: scaled and unscaled. */
export const run: CellRunner = async ({ output, input, status }) => {
  const { data } = input<LoadResult>('load');
  status('Loading TensorFlow.js…');
  const tf = await loadTfjs();
  output.append(memoryReadout(tf));
  const indices = firstBatch(data);
  const { pixels } = data.gather('train', indices);
  status('Running the first layer…');
  const model = buildModel(tf, DEFAULT_RECIPE, { seed: DEFAULT_SEED });
  let ranges: FirstLayerRanges;
  try {
    ranges = await firstLayerRanges(tf, model, pixels, indices.length);
  } finally {
    model.dispose();
    refreshMemoryReadouts();
  }
  const first = DEFAULT_RECIPE.layers[0]!;
  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'first-layer-ranges';
  table.createCaption().textContent = `The outputs of the first layer (${first.type === 'conv' ? `${first.filters} filters of ${first.kernelSize} × ${first.kernelSize}, ReLU` : first.type}) on ${indices.length} training images`;
  table.createTHead().innerHTML = '<tr><th scope="col">Input pixels</th><th scope="col">Smallest</th><th scope="col">Largest</th><th scope="col">Mean</th><th scope="col">RMS</th></tr>';
  const body = table.createTBody();
  for (const [name, range, key] of [['0–1 (scaled)', ranges.scaled, 'scaled'], ['0–255 (bytes)', ranges.unscaled, 'unscaled']] as const) {
    const row = body.insertRow();
    row.dataset.range = key;
    row.dataset.max = String(range.max);
    const heading = document.createElement('th');
    heading.scope = 'row';
    heading.textContent = name;
    row.append(heading);
    for (const value of [range.min, range.max, range.mean, range.rms]) row.insertCell().textContent = value.toFixed(3);
  }
  const ratio = ranges.unscaled.rms / ranges.scaled.rms;
  const facts = textElement(
    'p',
    `Fed raw bytes, the same layer's outputs are ${ratio.toFixed(0)} times larger (largest ${ranges.unscaled.max.toFixed(1)} instead of ${ranges.scaled.max.toFixed(2)}), ` +
      'and so are the gradients that training computes from them. A learning rate chosen for one range would be 255 times off for the other; ' +
      'and since every image lands in the same 0–1 range, one learning rate suits them all. (RMS, the root mean square, is the typical size of an output.)',
  );
  facts.dataset.testid = 'first-layer-facts';
  output.append(tableScroll(table, 'First-layer output ranges'), facts);
  return ranges;
};
