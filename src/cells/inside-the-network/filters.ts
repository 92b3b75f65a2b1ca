import { textElement } from '../../components/dom/elements';
import { followModel, type InspectSession } from '../../components/inspect/inspect-session';
import { divergingCanvas, divergingLegend } from '../../components/inspect/paint';
import type { CellRunner } from '../../components/notebook/types';
import { modelKernels, type ConvKernels } from '../../lib/inspect/filters';

/** Deeper layers have filters × input channels kernels; this many filters are shown of each. */
const DEEP_FILTERS_SHOWN = 6;

/** Every convolution's learned kernels, on a blue–white–red scale. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<InspectSession>('model');
  // The kernels are the model's alone: a new digit leaves them drawn.
  followModel(session, 'filters', output, (model) => {
    const kernels = modelKernels(model.model);
    if (kernels.length === 0) {
      const sentence = textElement('p', `“${model.name}” has no convolution layers: it reads the 784 pixels straight into dense layers, so there are no small filters to look at. Its dense layers' weights are in the cell above.`);
      sentence.dataset.testid = 'no-convolution';
      output.replaceChildren(sentence);
      return;
    }
    output.replaceChildren(...kernels.map((layer, i) => layerFilters(layer, i === 0)));
  });
  return undefined;
};

function layerFilters(layer: ConvKernels, first: boolean): HTMLElement {
  const block = document.createElement('div');
  block.className = 'layer-block';
  block.dataset.testid = 'filters';
  block.dataset.layer = layer.layerName;
  const [height, width] = layer.size;
  const shownFilters = first ? layer.outChannels : Math.min(DEEP_FILTERS_SHOWN, layer.outChannels);
  block.append(
    textElement(
      'h4',
      first
        ? `${layer.layerName}: ${layer.outChannels} filters of ${height}×${width}`
        : `${layer.layerName}: ${layer.outChannels} filters of ${height}×${width}×${layer.inChannels} — the first ${shownFilters}, one row each, one small image per input channel`,
    ),
    divergingLegend(layer.maxAbs, ['(wants dark)', '(wants ink)']),
  );
  // The first layer's filters side by side (one input channel each); deeper layers one row per filter.
  const rows = first ? [document.createElement('div')] : [];
  for (let out = 0; out < shownFilters; out++) {
    if (!first) rows.push(document.createElement('div'));
    const row = rows.at(-1)!;
    for (let channel = 0; channel < layer.inChannels; channel++) {
      const canvas = divergingCanvas(layer.kernel(out, channel), width, height, layer.maxAbs, `${layer.layerName} filter ${out + 1}, input channel ${channel + 1}`);
      row.append(canvas);
    }
  }
  rows.forEach((row, out) => {
    row.className = first ? 'filter-grid' : 'filter-grid deep';
    if (!first) block.append(textElement('p', `Filter ${out + 1}: its ${layer.inChannels} input channels`, 'filter-row-label'));
    block.append(row);
  });
  return block;
}
