/**
 * Lesson 8's fine-tune: the controls, the run in the training worker (never on this thread),
 * the before/after side by side with the digits that changed, and the new model kept in My
 * models and made the drawing pad's model (with a way back). A refused, diverged or forgetful
 * run keeps the old model and says so.
 */
import { builtInModel, BUILT_IN_MODELS } from '../../lib/draw/built-in-models';
import { firstModel, MODELS_CHANGED, PAD_MODEL_CHOSEN, REMEMBERED_MODEL_KEY } from '../../lib/draw/model-choice';
import { checkFineTune } from '../../lib/samples/fine-tune-plan';
import { fineTunedName, fineTuneOptionsFrom, fineTuneRecord, scoreRows, verdictText, type BaseModel } from '../../lib/samples/fine-tune-form';
import { changedReadings, type FineTuneReport, type HeldBackReading } from '../../lib/samples/fine-tune-session';
import type { DigitSample } from '../../lib/samples/sample';
import { openModelStore } from '../../lib/store/model-store';
import type { FineTuneRequest } from '../../lib/train/protocol';
import { withBase } from '../../lib/site/url';
import { digitCanvas } from '../dom/digits';
import { textElement } from '../dom/elements';
import { safeLocalStorage } from '../dom/storage';
import { downloadLinks, saveTrainedModel } from '../training/save-trained-model';
import { startFineTune } from './fine-tune-client';
import type { SampleCollection } from '../../lib/samples/sample-collection';

type ResultState = 'idle' | 'running' | 'done' | 'error';

export function startFineTunePanel(root: HTMLElement, collection: SampleCollection): void {
  const form = root.querySelector<HTMLFormElement>('[data-fine-tune-form]')!;
  const button = root.querySelector<HTMLButtonElement>('[data-testid="fine-tune"]')!;
  const switchBack = root.querySelector<HTMLButtonElement>('[data-testid="fine-tune-switch-back"]')!;
  const problems = root.querySelector<HTMLElement>('[data-fine-tune-problems]')!;
  const baseText = root.querySelector<HTMLElement>('[data-testid="fine-tune-base"]')!;
  const result = root.querySelector<HTMLElement>('[data-testid="fine-tune-result"]')!;
  const storage = safeLocalStorage();
  let previousPadModel: BaseModel | null = null;

  const setResult = (state: ResultState, ...content: Node[]): void => {
    result.dataset.state = state;
    result.dataset.model = '';
    result.replaceChildren(...content);
  };

  const showBase = async () => {
    const base = await padModel().catch(() => null);
    baseText.textContent = base ? `Starts from the model the drawing pad uses: “${base.name}”.` : 'Starts from the model the drawing pad uses.';
  };
  document.addEventListener(MODELS_CHANGED, () => void showBase());
  document.addEventListener(PAD_MODEL_CHOSEN, () => void showBase());
  void showBase();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  switchBack.addEventListener('click', () => {
    if (!previousPadModel) return;
    choosePadModel(previousPadModel.id);
    problems.textContent = `The drawing pad reads with “${previousPadModel.name}” again; the fine-tuned model stays in My models.`;
    switchBack.hidden = true;
  });

  async function run(): Promise<void> {
    const values = new FormData(form);
    const options = fineTuneOptionsFrom({ layers: String(values.get('own-layers') ?? ''), replayPercent: String(values.get('own-replay') ?? ''), steps: String(values.get('own-steps') ?? '') });
    const samples = collection.samples;
    const refused = checkFineTune(options, samples);
    if (refused.length > 0) {
      problems.textContent = refused.join(' ');
      setResult('error', textElement('p', 'Nothing was fine-tuned; the pad keeps its model.'));
      return;
    }
    problems.textContent = '';
    button.disabled = true;
    const progress = textElement('p', 'Starting the training worker…');
    setResult('running', progress);
    try {
      const base = await padModel();
      const request: Omit<FineTuneRequest, 'type' | 'runId'> = {
        base: await baseArtifacts(base.id),
        samples: samples.map(({ id, digit, pixels }) => ({ id, digit, pixels })),
        options,
        dataUrl: new URL(withBase('data/mnist/'), location.href).href,
      };
      const outcome = await startFineTune(request, (event) => {
        if (event.type === 'status') progress.textContent = event.message;
        if (event.type === 'fine-tune-step') progress.textContent = `Step ${event.step} of ${event.steps}, loss ${event.loss.toFixed(3)}`;
      });
      const figures = reportView(outcome.report, samples);
      if (!outcome.artifacts) {
        setResult('error', textElement('p', verdictText(outcome.report, false)), ...figures);
        return;
      }
      const info = await padModelInfo(base.id);
      const saved = await saveTrainedModel(fineTunedName(outcome.report.ownSamples, new Date()), outcome.artifacts, {
        ...(info?.details?.recipe ? { recipe: info.details.recipe } : {}),
        ...(outcome.report.mnistTest === undefined ? {} : { testAccuracy: outcome.report.mnistTest }),
        fineTune: fineTuneRecord(outcome.report, base),
      });
      if (!saved.saved) {
        setResult('error', textElement('p', `The browser would not keep the new model (${saved.problem}); here it is as two files, and the pad keeps its model.`), downloadLinks(fineTunedName(outcome.report.ownSamples, new Date()), outcome.artifacts), ...figures);
        return;
      }
      previousPadModel = base;
      choosePadModel(saved.saved.id);
      setResult('done', textElement('p', verdictText(outcome.report, true)), ...figures);
      result.dataset.model = saved.saved.id;
      switchBack.hidden = false;
      switchBack.textContent = `Switch the pad back to “${base.name}”`;
    } catch (error) {
      setResult('error', textElement('p', `${error instanceof Error ? error.message : String(error)}${/kept\.?$/.test(String(error)) ? '' : ' The pad keeps the model it had.'}`));
    } finally {
      button.disabled = false;
    }
  }

  function choosePadModel(id: string): void {
    try {
      storage?.setItem(REMEMBERED_MODEL_KEY, id);
    } catch {
      // Not remembered next visit; this page still switches.
    }
    document.dispatchEvent(new Event(MODELS_CHANGED));
    document.dispatchEvent(new CustomEvent(PAD_MODEL_CHOSEN, { detail: { id } }));
  }
}

/** The model the drawing pad reads with now, by the pad's own rule. */
async function padModel(): Promise<BaseModel> {
  const store = await openModelStore().catch(() => null);
  const stored = store ? await store.list().catch(() => []) : [];
  let remembered: string | null = null;
  try {
    remembered = safeLocalStorage()?.getItem(REMEMBERED_MODEL_KEY) ?? null;
  } catch {
    remembered = null;
  }
  const { id } = firstModel(null, remembered, BUILT_IN_MODELS.map((model) => model.id), stored);
  return { id, name: builtInModel(id)?.name ?? stored.find((model) => model.id === id)?.name ?? id };
}

async function padModelInfo(id: string) {
  const store = await openModelStore().catch(() => null);
  return store ? (await store.list().catch(() => [])).find((model) => model.id === id) : undefined;
}

async function baseArtifacts(id: string): Promise<FineTuneRequest['base']> {
  const builtIn = builtInModel(id);
  if (builtIn) return { url: new URL(withBase(builtIn.path), location.href).href };
  const saved = await (await openModelStore()).get(id);
  if (!saved) throw new Error(`The pad's model “${id}” is no longer kept in this browser.`);
  if (saved.source === 'uploaded') {
    throw new Error(`“${saved.name}” was uploaded, and fine-tuning works on models made here (shipped, or trained in lesson 4): choose one of those for the pad in My models below.`);
  }
  return { artifacts: saved.artifacts };
}

function reportView(report: FineTuneReport, samples: readonly DigitSample[]): Node[] {
  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'fine-tune-figures';
  table.dataset.beforeOwn = String(report.before.own);
  table.dataset.afterOwn = String(report.after.own);
  table.dataset.beforeMnist = String(report.before.mnist);
  table.dataset.afterMnist = String(report.after.mnist);
  table.dataset.heldBack = String(report.heldBack.length);
  table.innerHTML = '<caption>Before and after, read right</caption><thead><tr><th scope="col">Images</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>';
  const body = table.createTBody();
  for (const row of scoreRows(report)) {
    const tr = body.insertRow();
    const what = document.createElement('th');
    what.scope = 'row';
    what.textContent = row.what;
    tr.append(what);
    tr.insertCell().textContent = row.before;
    tr.insertCell().textContent = row.after;
  }
  const trained = textElement('p', `Trained ${report.steps} steps on ${report.trainedOn} of your samples (augmented) with ${Math.round(report.options.replayShare * 100)}% MNIST in each batch; layers trained: ${report.trainedLayers.join(', ')}.`, 'own-hint');
  const changed = changedReadings(report);
  const pixelsOf = new Map(samples.map((sample) => [sample.id, sample.pixels]));
  const list = (title: string, readings: HeldBackReading[]): Node[] => {
    if (readings.length === 0) return [];
    const items = document.createElement('ul');
    items.className = 'own-changed';
    for (const reading of readings) {
      const item = document.createElement('li');
      const pixels = pixelsOf.get(reading.id);
      if (pixels) {
        const image = digitCanvas(pixels);
        image.setAttribute('role', 'img');
        image.setAttribute('aria-label', `Your ${reading.digit}`);
        item.append(image);
      }
      item.append(textElement('span', `${reading.digit}: read ${reading.before} → ${reading.after}`));
      items.append(item);
    }
    return [textElement('p', title), items];
  };
  const none = changed.fixed.length + changed.broken.length + changed.other.length === 0 ? [textElement('p', 'No held-back digit is read differently.')] : [];
  return [table, trained, ...list('Now read right:', changed.fixed), ...list('Now read wrong:', changed.broken), ...list('Read differently, still wrong:', changed.other), ...none];
}
