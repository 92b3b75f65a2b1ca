/**
 * The pad's model: the picker (shipped models and every model kept in the browser), the
 * upload of a converted Keras model (file input or drag and drop onto the pad), and the
 * pixel-scale control saved with a stored model. Every model, shipped or not, is read
 * through inspectDigitModel + predictProbabilities, so there is one path to the digits.
 */
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import { builtInModel, BUILT_IN_MODELS, DEFAULT_MODEL_ID } from '../../lib/draw/built-in-models';
import { firstModel, modelIdFromQuery, MODELS_CHANGED, PAD_MODEL_CHOSEN, pickerOptions, REMEMBERED_MODEL_KEY, type ModelOption } from '../../lib/draw/model-choice';
import { allFinite, DamagedWeightsError, loadOrder, loadProblem } from '../../lib/draw/model-loading';
import { modelFromArtifacts } from '../../lib/model/artifacts';
import { layerChain, runChainStepwise } from '../../lib/model/layer-chain';
import { imageShapeOf, inspectDigitModel, predictProbabilities, suggestPixelScale, type DigitModelSpec } from '../../lib/model/digit-model';
import type { Tfjs } from '../../lib/model/tfjs';
import { loadUploadedModel, ModelUploadError, readUploadedModel } from '../../lib/model/upload';
import { memoryModelStore, ModelStoreFullError, openModelStore, type ModelStore, type PixelScale, type StoredModelInfo } from '../../lib/store/model-store';
import { MNIST_SIZE } from '../../lib/preprocess/mnist-input';
import { withBase } from '../../lib/site/url';
import { safeLocalStorage } from '../dom/storage';
import { nextTurn } from '../dom/turns';
import { loadTfjsForModels as loadTfjs } from './tf-runtime';

export interface ActiveModel {
  id: string;
  name: string;
  tf: Tfjs;
  model: LayersModel;
  spec: DigitModelSpec;
  pixelScale: PixelScale;
  /** Kept in the browser's model store (so its pixel scale can be changed and saved). */
  stored: boolean;
}

/** The picker's entry while no model is loaded. */
const NO_MODEL = '';

export interface ModelPanel {
  /** The model in use; before the first one has loaded, waits for it. */
  active(): Promise<ActiveModel>;
}

/** Ten probabilities for one 28×28 input (pixels 0..1) from `model`. */
export function readDigit(active: ActiveModel, pixels: Float32Array): Float32Array {
  return predictProbabilities(active.tf, active.model, active.spec, pixels, active.pixelScale);
}

export function startModelPanel(root: HTMLElement, onChange: (active: ActiveModel) => void): ModelPanel {
  const picker = root.querySelector<HTMLSelectElement>('[data-model-picker]')!;
  const status = root.querySelector<HTMLElement>('[data-model-status]')!;
  const uploadInput = root.querySelector<HTMLInputElement>('[data-testid="model-upload"]')!;
  const uploadStatus = root.querySelector<HTMLElement>('[data-upload-status]')!;
  const scaleInputs = [...root.querySelectorAll<HTMLInputElement>('input[name="draw-pixel-scale"]')];
  const storage = safeLocalStorage();

  const storeReady: Promise<ModelStore | null> = openModelStore().catch(() => null);
  // Uploads the browser would not keep (no storage, or full) stay usable for this visit.
  const sessionStore = memoryModelStore();
  let current: ActiveModel | undefined;
  let resolveFirst: (active: ActiveModel) => void = () => {};
  const first = new Promise<ActiveModel>((resolve) => (resolveFirst = resolve));
  let available: string[] = [];
  let offered: ModelOption[] = [];

  const use = (loaded: ActiveModel, notice = ''): void => {
    const previous = current;
    current = loaded;
    if (previous && previous.model !== loaded.model) previous.model.dispose();
    showInPicker(loaded.id);
    status.textContent = `${notice}Reading with: ${loaded.name}.`;
    for (const input of scaleInputs) {
      input.checked = input.value === loaded.pixelScale;
      input.disabled = !loaded.stored;
    }
    resolveFirst(loaded);
    onChange(loaded);
  };

  /** The picker shows what is really loaded; with nothing loaded, a "no model" entry, so choosing any model retries it. */
  const showInPicker = (id: string | null): void => {
    picker.querySelector(`option[value="${NO_MODEL}"]`)?.remove();
    if (id === null) {
      picker.prepend(new Option('No model loaded', NO_MODEL));
      picker.value = NO_MODEL;
    } else {
      picker.value = id;
    }
  };
  const nameOf = (id: string): string => offered.find((option) => option.id === id)?.label ?? id;

  // The latest request wins: a model chosen (or uploaded) while another is still loading is not replaced by it.
  let activation = 0;
  /** Loads `wanted`; when it fails, keeps the model in use, or else tries the others the picker offers, saying so. */
  const activate = async (wanted: string, notice = ''): Promise<void> => {
    const mine = ++activation;
    status.textContent = `${notice}Loading the model…`;
    const store = await storeReady;
    const failures: string[] = [];
    for (const id of loadOrder(wanted, offered.map((option) => option.id))) {
      if (mine !== activation) return;
      try {
        const loaded = await loadModel(id, store, sessionStore);
        if (mine !== activation) {
          loaded.model.dispose(); // a fresh copy nobody else holds: a later request superseded it
          return;
        }
        use(loaded, `${notice}${failures.length > 0 ? `${failures.join(' ')} So the pad reads with the next model that loads. ` : ''}`);
        return;
      } catch (error) {
        if (mine !== activation) return;
        failures.push(`“${nameOf(id)}” could not be loaded: ${lowerFirst(loadProblem(error))}`);
        if (current) {
          status.textContent = `${notice}${failures[0]} Still reading with: ${current.name}. Choose it again to retry.`;
          showInPicker(current.id);
          return;
        }
      }
    }
    status.textContent = `${notice}${failures.join(' ')} No model could be loaded, so the pad cannot read yet: choose a model to try again.`;
    showInPicker(null);
  };

  const refreshPicker = async (): Promise<void> => {
    const store = await storeReady;
    const stored = store ? await store.list().catch(() => []) : [];
    const forThisVisit = await sessionStore.list();
    offered = [
      ...pickerOptions(available, stored),
      ...forThisVisit.map(({ id, name }) => ({ id, label: `${name} (uploaded, kept for this visit only)` })),
    ];
    picker.replaceChildren(...offered.map(({ id, label }) => new Option(label, id)));
    showInPicker(current?.id ?? null);
  };

  // My models on the same page (lesson 7) can rename, delete, upload, or choose the pad's model.
  document.addEventListener(MODELS_CHANGED, () =>
    void refreshPicker().then(() => {
      // The model in use was deleted there: read with the next one, and say why.
      if (current && !offered.some((option) => option.id === current!.id)) {
        void activate(offered[0]?.id ?? 'default', `“${current.name}” was deleted. `);
      }
    }),
  );
  document.addEventListener(PAD_MODEL_CHOSEN, (event) => {
    const id = (event as CustomEvent<{ id?: unknown }>).detail?.id;
    if (typeof id === 'string') void refreshPicker().then(() => activate(id));
  });

  picker.addEventListener('change', () => {
    if (picker.value === NO_MODEL) return;
    safeSetItem(storage, REMEMBERED_MODEL_KEY, picker.value);
    void activate(picker.value);
  });

  for (const input of scaleInputs) {
    input.addEventListener('change', async () => {
      const model = current;
      const scale = input.value as PixelScale;
      const store = (await sessionStore.get(model?.id ?? '').catch(() => undefined)) ? sessionStore : await storeReady;
      if (!model?.stored || !store) return;
      try {
        await store.update(model.id, { pixelScale: scale });
        use({ ...model, pixelScale: scale });
      } catch (error) {
        uploadStatus.textContent = `The pixel range could not be saved: ${messageOf(error)}`;
      }
    });
  }

  const upload = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    uploadStatus.textContent = 'Reading the model…';
    try {
      const uploaded = await readUploadedModel(files);
      const tf = await loadTfjs();
      const model = await loadUploadedModel(tf, uploaded.artifacts);
      let spec: DigitModelSpec;
      try {
        spec = inspectDigitModel(model);
      } catch (error) {
        model.dispose();
        throw error;
      }
      const pixelScale = suggestPixelScale(model);
      const record = { name: uploaded.name, source: 'uploaded' as const, pixelScale, details: { files: uploaded.files }, artifacts: uploaded.artifacts };
      const store = await storeReady;
      let kept: string;
      let info: StoredModelInfo;
      try {
        if (!store) throw new Error('This browser gives this site no storage for models (a private window, or storage turned off).');
        info = await store.save(record);
        kept = ' and kept in this browser.';
      } catch (error) {
        info = await sessionStore.save(record);
        kept = ` for this visit only: ${storeRefusal(error)} It stays in use until you choose another model or close the tab.`;
      }
      safeSetItem(storage, REMEMBERED_MODEL_KEY, info.id);
      await warmUp(tf, model, spec);
      await refreshPicker();
      activation += 1; // a model still loading from before the upload does not replace it
      use({ id: info.id, name: info.name, tf, model, spec, pixelScale, stored: true });
      uploadStatus.textContent =
        `“${info.name}” is in use${kept}` +
        ` It gets pixels ${pixelScale === 'byte' ? '0–255' : '0–1'}; if it reads badly, try the other range.`;
    } catch (error) {
      const reason = error instanceof ModelUploadError ? error.message : `This model could not be read. ${loadProblem(error)}`;
      uploadStatus.textContent = `${reason}${current ? ` Still reading with: ${current.name}.` : ''}`;
    }
  };

  uploadInput.addEventListener('change', () => {
    void upload([...(uploadInput.files ?? [])]).finally(() => (uploadInput.value = ''));
  });
  root.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    root.dataset.dragging = 'true';
  });
  root.addEventListener('dragleave', () => delete root.dataset.dragging);
  root.addEventListener('drop', (event) => {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    delete root.dataset.dragging;
    void upload([...event.dataTransfer.files]);
  });

  void (async () => {
    const [store, builtIns] = await Promise.all([storeReady, availableBuiltIns()]);
    available = builtIns;
    const stored = store ? await store.list().catch(() => []) : [];
    await refreshPicker();
    const choice = firstModel(modelIdFromQuery(location.search), safeGetItem(storage, REMEMBERED_MODEL_KEY), available, stored);
    await activate(choice.id, choice.notice ? `${choice.notice} ` : '');
  })();

  return { active: () => (current ? Promise.resolve(current) : first) };
}

async function loadModel(id: string, store: ModelStore | null, sessionStore: ModelStore): Promise<ActiveModel> {
  const tf = await loadTfjs();
  const builtIn = builtInModel(id);
  let loaded: Omit<ActiveModel, 'spec'>;
  if (builtIn) {
    loaded = { id, name: builtIn.name, tf, model: await tf.loadLayersModel(withBase(builtIn.path)), pixelScale: 'unit', stored: false };
  } else {
    const saved = (await sessionStore.get(id)) ?? (store ? await store.get(id) : undefined);
    if (!saved) throw new Error(`there is no saved model "${id}" in this browser.`);
    const model = saved.source === 'uploaded' ? await loadUploadedModel(tf, saved.artifacts) : await modelFromArtifacts(tf, saved.artifacts);
    loaded = { id, name: saved.name, tf, model, pixelScale: saved.pixelScale, stored: true };
  }
  try {
    const spec = inspectDigitModel(loaded.model);
    await warmUp(tf, loaded.model, spec);
    return { ...loaded, spec };
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

/**
 * The first prediction sets up the backend's kernels (XNNPACK packs each layer's weights the
 * first time it runs): do it now, not on the student's first stroke, and one layer a turn, so
 * no task holds the page for the whole model's first run. A chain of layers (a Sequential
 * model) runs each layer once on the previous one's output; any other graph runs a model cut
 * after each layer in turn. It also catches weights that loaded but are not numbers (a damaged
 * file of the right size).
 */
async function warmUp(tf: Tfjs, model: LayersModel, spec: DigitModelSpec): Promise<void> {
  const blankImage = () => tf.zeros([1, ...imageShapeOf(spec.inputLayout)]);
  const chain = layerChain(model);
  if (chain) {
    try {
      (await runChainStepwise(tf, chain, blankImage(), nextTurn)).dispose();
    } catch {
      // a layer that cannot run on its own: the whole run below does it
    }
  } else {
    for (const layer of model.layers) {
      await nextTurn();
      try {
        // Never disposed: it owns no weights, and disposing it would dispose the model's layers.
        const upTo = tf.model({ inputs: model.inputs, outputs: layer.output as SymbolicTensor });
        tf.tidy(() => void upTo.predict(blankImage()));
      } catch {
        break; // a layer used twice, or a graph that cannot be cut there: the whole run below does it
      }
    }
  }
  await nextTurn();
  const blank = predictProbabilities(tf, model, spec, new Float32Array(MNIST_SIZE * MNIST_SIZE), 'unit');
  if (!allFinite(blank)) throw new DamagedWeightsError('Its weights file is damaged: the model computes no numbers from it.');
}

/**
 * The built-in models whose model.json is there (the MNIST-only one is optional; the default is
 * always offered, so a failed download can be retried). GET, not HEAD: the service worker keeps
 * GETs, so this works offline.
 */
async function availableBuiltIns(): Promise<string[]> {
  const found = await Promise.all(
    BUILT_IN_MODELS.map(async ({ id, path }): Promise<string | null> =>
      id === DEFAULT_MODEL_ID || (await fetch(withBase(path)).catch(() => null))?.ok ? id : null,
    ),
  );
  return found.filter((id): id is string => id !== null);
}

/** Why a model could not be kept, in one sentence. */
function storeRefusal(error: unknown): string {
  if (error instanceof ModelStoreFullError || (error instanceof Error && /quota/i.test(error.name + error.message))) {
    return 'the browser’s storage for this site is full.';
  }
  return messageOf(error).replace(/^./, (letter) => letter.toLowerCase());
}

function lowerFirst(sentence: string): string {
  return /^(Its|The|This) /.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;
}

function safeGetItem(storage: Storage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function safeSetItem(storage: Storage | undefined, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // A full or blocked localStorage only means the choice is not remembered next visit.
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
