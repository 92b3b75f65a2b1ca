import type { LoadResult } from '../../lib/data/loader';
import { textElement } from '../../components/dom/elements';
import { startingModelId } from '../../components/evaluation/chosen-model';
import { choiceLine } from '../../components/evaluation/evaluate-ui';
import { mountMyModels } from '../../components/models/my-models';
import { openSession, type InspectSession, type OpenModel } from '../../components/inspect/inspect-session';
import type { CellRunner } from '../../components/notebook/types';
import { loadTfvis, showLayer } from '../../components/vis/tfvis';
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
  // tfjs-vis's layer views keep reading their model's weights (its "Show Values Distribution"
  // button), so the model whose views are on the page is held until newer views replace them.
  let releaseShown = (): void => undefined;
  let showing = 0;
  const show = async (session: InspectSession, model: OpenModel): Promise<void> => {
    const mine = ++showing;
    const release = session.hold(model);
    const stale = (): boolean => {
      if (mine === showing) return false;
      release();
      return true;
    };
    output.dataset.model = model.id;
    line.set(model.id, model.name);
    const newSummary = document.createElement('div');
    await tfvis.show.modelSummary(newSummary, model.model);
    if (stale()) return;
    const blocks: HTMLElement[] = [];
    for (const layer of model.model.layers.filter((l) => l.countParams() > 0)) {
      const block = document.createElement('div');
      scrollable(block, `Weights of ${layer.name}`);
      block.classList.add('layer-block');
      block.dataset.testid = 'layer-weights';
      blocks.push(block);
      await showLayer(session.tf, tfvis, block, layer);
      if (stale()) return;
      // tfjs-vis leaves its weight picker without a name a screen reader can say.
      for (const select of block.querySelectorAll('select')) select.setAttribute('aria-label', `Weights of ${layer.name} to show as a histogram`);
    }
    summary.replaceChildren(...newSummary.childNodes);
    layers.replaceChildren(textElement('h4', 'The weights of each layer'), ...blocks);
    releaseShown();
    releaseShown = release;
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
      const next = await opened.open(id);
      // null: a later choice was made while this one loaded; that one is shown.
      if (next) await show(opened, next);
    } catch (error) {
      message.textContent = `That model cannot be opened: ${error instanceof Error ? error.message : String(error)} Still showing “${opened.model().name}”.`;
      wanted = opened.model().id;
      models.markChosen();
    }
  };
  await show(opened, opened.model());
  return opened;
};

/** tfjs-vis's tables are wider than a phone: they scroll inside a region a keyboard can reach. */
function scrollable(element: HTMLElement, label: string): void {
  element.className = 'table-scroll';
  element.tabIndex = 0;
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', label);
}
