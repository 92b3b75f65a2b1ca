import type { LoadResult } from '../../lib/data/loader';
import { textElement } from '../../components/dom/elements';
import { startingModelId } from '../../components/evaluation/chosen-model';
import { choiceLine } from '../../components/evaluation/evaluate-ui';
import { mountMyModels } from '../../components/models/my-models';
import { openSession, type OpenModel } from '../../components/inspect/inspect-session';
import type { CellRunner } from '../../components/notebook/types';
import { loadTfvis } from '../../components/vis/tfvis';
import '../../styles/evaluation.css';

/** Pick a model in My models ("Open") and see its layers: tfjs-vis's summary, then each layer's weights. */
export const run: CellRunner = async ({ output, input, status }) => {
  const { data } = input<LoadResult>('load');
  const message = textElement('p', '', 'eval-message');
  message.setAttribute('role', 'status');
  const summary = document.createElement('div');
  scrollable(summary, 'Model summary');
  summary.dataset.testid = 'model-summary';
  const layers = document.createElement('div');
  let wanted = await startingModelId();
  // Set once the first model is open; a click before that does nothing.
  let change = async (_id: string): Promise<void> => undefined;
  const models = mountMyModels(output, { withShipped: true, choices: [{ label: 'Open', action: 'inspect', chosen: () => wanted, onChoose: (id) => void change(id) }] });
  const line = choiceLine('inspect-model', 'Inside');
  output.append(line.element, message, summary, layers);
  const tfvis = await loadTfvis();
  const show = async (model: OpenModel): Promise<void> => {
    output.dataset.model = model.id;
    line.set(model.id, model.name);
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
    session = await openSession(data, wanted);
  } catch (error) {
    if (wanted === 'default') throw error;
    message.textContent = `That model cannot be opened (${error instanceof Error ? error.message : String(error)}); showing the shipped model instead.`;
    wanted = 'default';
    session = await openSession(data, 'default');
  }
  models.markChosen();
  const opened = session;
  change = async (id: string): Promise<void> => {
    message.textContent = '';
    wanted = id;
    try {
      await show(await opened.open(id));
    } catch (error) {
      message.textContent = `That model cannot be opened: ${error instanceof Error ? error.message : String(error)} Still showing “${opened.model().name}”.`;
      wanted = opened.model().id;
      models.markChosen();
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
