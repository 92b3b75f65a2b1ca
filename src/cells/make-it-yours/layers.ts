import type { CellRunner } from '../../components/notebook/types';
import { textElement } from '../../components/dom/elements';
import { loadTfjs } from '../../components/draw/tf-runtime';
import { builtInModel, DEFAULT_MODEL_ID } from '../../lib/draw/built-in-models';
import { layersToTrain } from '../../lib/samples/fine-tune';
import { withBase } from '../../lib/site/url';

/** Which layers of the shipped model each choice trains, with their weight counts. */
export const run: CellRunner = async ({ output, status }) => {
  status('Loading the shipped model…');
  const tf = await loadTfjs();
  const model = await tf.loadLayersModel(withBase(builtInModel(DEFAULT_MODEL_ID)!.path));
  try {
    const count = (layers: ReturnType<typeof layersToTrain>) => layers.reduce((sum, layer) => sum + layer.countParams(), 0);
    const all = layersToTrain(model, 'all');
    const last = layersToTrain(model, 'last');
    const line = (label: string, layers: typeof all) => textElement('li', `${label}: ${layers.map((layer) => layer.name).join(', ')} — ${count(layers).toLocaleString('en-US')} weights`);
    const list = document.createElement('ul');
    list.dataset.testid = 'layers-trained';
    list.append(line('All layers', all), line('Only the last layers', last));
    output.append(list);
    return { all: all.length, last: last.length };
  } finally {
    model.dispose();
  }
};
