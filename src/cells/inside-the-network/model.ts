import type { LoadResult } from '../../lib/data/loader';
import { textElement } from '../../components/dom/elements';
import { modelPicker } from '../../components/evaluation/model-picker';
import { openSession, type OpenModel } from '../../components/inspect/inspect-session';
import type { CellRunner } from '../../components/notebook/types';
import { loadTfvis } from '../../components/vis/tfvis';
import '../../styles/evaluation.css';

/** Pick a model and see its layers: tfjs-vis's summary, then each layer's weights. */
export const run: CellRunner = async ({ output, input, status }) => {
  const { data } = input<LoadResult>('load');
  const message = textElement('p', '', 'eval-message');
  message.setAttribute('role', 'status');
  const summary = document.createElement('div');
  scrollable(summary, 'Model summary');
  summary.dataset.testid = 'model-summary';
  const layers = document.createElement('div');
  const picker = await modelPicker('Model to open', 'inspect-model', (id) => void change(id));
  output.append(picker.element, message, summary, layers);
  const tfvis = await loadTfvis();
  const show = async (model: OpenModel): Promise<void> => {
    output.dataset.model = model.id;
    summary.replaceChildren();
    await tfvis.show.modelSummary(summary, model.model);
    layers.replaceChildren(textElement('h4', 'The weights of each layer'));
    for (const layer of model.model.layers.filter((l) => l.countParams() > 0)) {
      const block = document.createElement('div');
      scrollable(block, `Weights of ${layer.name}`);
      block.classList.add('layer-block');
      block.dataset.testid = 'layer-weights';
      layers.append(block);
      await tfvis.show.layer(block, layer);
      // tfjs-vis leaves its weight picker without a name a screen reader can say.
      for (const select of block.querySelectorAll('select')) select.setAttribute('aria-label', `Weights of ${layer.name} to show as a histogram`);
    }
  };
  status('Loading the model…');
  let session;
  try {
    session = await openSession(data, picker.value());
  } catch (error) {
    if (picker.value() === 'default') throw error;
    message.textContent = `That model cannot be opened (${error instanceof Error ? error.message : String(error)}); showing the shipped model instead.`;
    picker.select.value = 'default';
    session = await openSession(data, 'default');
  }
  const opened = session;
  const change = async (id: string): Promise<void> => {
    message.textContent = '';
    try {
      await show(await opened.open(id));
    } catch (error) {
      message.textContent = `That model cannot be opened: ${error instanceof Error ? error.message : String(error)} Still showing “${opened.model().name}”.`;
      picker.select.value = opened.model().id;
    }
  };
  await show(opened.model());
  return opened;
};

/** tfjs-vis's tables are wider than a phone: they scroll inside a region a keyboard can reach. */
function scrollable(element: HTMLElement, label: string): void {
  element.className = 'table-scroll';
  element.tabIndex = 0;
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', label);
}
