/**
 * The pad's model: the picker (shipped models and every model kept in the browser), the
 * upload of a converted Keras model (file input or drag and drop onto the pad), and the
 * pixel-scale control saved with a stored model. Every model, shipped or not, is read
 * through inspectDigitModel + predictProbabilities, so there is one path to the digits.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { builtInModel, BUILT_IN_MODELS } from '../../lib/draw/built-in-models';
import { firstModel, modelIdFromQuery, pickerOptions, REMEMBERED_MODEL_KEY } from '../../lib/draw/model-choice';
import { modelFromArtifacts } from '../../lib/model/artifacts';
import { inspectDigitModel, predictProbabilities, suggestPixelScale, type DigitModelSpec } from '../../lib/model/digit-model';
import type { Tfjs } from '../../lib/model/tfjs';
import { loadUploadedModel, ModelUploadError, readUploadedModel } from '../../lib/model/upload';
import { openModelStore, type ModelStore, type PixelScale } from '../../lib/store/model-store';
import { MNIST_SIZE } from '../../lib/preprocess/mnist-input';
import { withBase } from '../../lib/site/url';
import { safeLocalStorage } from '../dom/storage';
import { loadTfjs } from './tf-runtime';

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
  let current: ActiveModel | undefined;
  let resolveFirst: (active: ActiveModel) => void = () => {};
  const first = new Promise<ActiveModel>((resolve) => (resolveFirst = resolve));
  let available: string[] = [];

  const use = (loaded: ActiveModel, notice = ''): void => {
    const previous = current;
    current = loaded;
    if (previous && previous.model !== loaded.model) previous.model.dispose();
    picker.value = loaded.id;
    status.textContent = `${notice}Reading with: ${loaded.name}.`;
    for (const input of scaleInputs) {
      input.checked = input.value === loaded.pixelScale;
      input.disabled = !loaded.stored;
    }
    resolveFirst(loaded);
    onChange(loaded);
  };

  const activate = async (id: string, notice = ''): Promise<void> => {
    status.textContent = `${notice}Loading the model…`;
    try {
      use(await loadModel(id, await storeReady), notice);
    } catch (error) {
      status.textContent = `That model could not be loaded: ${messageOf(error)}${current ? ` Still reading with: ${current.name}.` : ''}`;
      if (current) picker.value = current.id;
      else if (id !== 'default') await activate('default', status.textContent + ' ');
    }
  };

  const refreshPicker = async (): Promise<void> => {
    const store = await storeReady;
    const stored = store ? await store.list().catch(() => []) : [];
    const options = pickerOptions(available, stored);
    picker.replaceChildren(...options.map(({ id, label }) => new Option(label, id)));
    if (current) picker.value = current.id;
  };

  picker.addEventListener('change', () => {
    storage?.setItem(REMEMBERED_MODEL_KEY, picker.value);
    void activate(picker.value);
  });

  for (const input of scaleInputs) {
    input.addEventListener('change', async () => {
      const model = current;
      const scale = input.value as PixelScale;
      const store = await storeReady;
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
      const store = await storeReady;
      const info = store
        ? await store.save({ name: uploaded.name, source: 'uploaded', pixelScale, details: { files: uploaded.files }, artifacts: uploaded.artifacts })
        : { id: `upload-${Date.now()}`, name: uploaded.name };
      storage?.setItem(REMEMBERED_MODEL_KEY, info.id);
      warmUp(tf, model, spec);
      use({ id: info.id, name: info.name, tf, model, spec, pixelScale, stored: store !== null });
      await refreshPicker();
      uploadStatus.textContent =
        `“${info.name}” is in use` +
        (store ? ' and kept in this browser.' : ' for this visit (this browser cannot keep it).') +
        ` It gets pixels ${pixelScale === 'byte' ? '0–255' : '0–1'}; if it reads badly, try the other range.`;
    } catch (error) {
      const reason = error instanceof ModelUploadError ? error.message : `This model could not be read: ${messageOf(error)}`;
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
    const choice = firstModel(modelIdFromQuery(location.search), storage?.getItem(REMEMBERED_MODEL_KEY) ?? null, available, stored);
    await activate(choice.id, choice.notice ? `${choice.notice} ` : '');
  })();

  return { active: () => (current ? Promise.resolve(current) : first) };
}

async function loadModel(id: string, store: ModelStore | null): Promise<ActiveModel> {
  const tf = await loadTfjs();
  const builtIn = builtInModel(id);
  let loaded: Omit<ActiveModel, 'spec'>;
  if (builtIn) {
    loaded = { id, name: builtIn.name, tf, model: await tf.loadLayersModel(withBase(builtIn.path)), pixelScale: 'unit', stored: false };
  } else {
    const saved = store ? await store.get(id) : undefined;
    if (!saved) throw new Error(`there is no saved model "${id}" in this browser.`);
    const model = saved.source === 'uploaded' ? await loadUploadedModel(tf, saved.artifacts) : await modelFromArtifacts(tf, saved.artifacts);
    loaded = { id, name: saved.name, tf, model, pixelScale: saved.pixelScale, stored: true };
  }
  try {
    const spec = inspectDigitModel(loaded.model);
    warmUp(tf, loaded.model, spec);
    return { ...loaded, spec };
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

/** The first prediction compiles the backend's kernels: do it now, not on the student's first stroke. */
function warmUp(tf: Tfjs, model: LayersModel, spec: DigitModelSpec): void {
  predictProbabilities(tf, model, spec, new Float32Array(MNIST_SIZE * MNIST_SIZE), 'unit');
}

/** The built-in models whose model.json is there (the MNIST-only one is optional). GET, not HEAD: the service worker keeps GETs, so this works offline. */
async function availableBuiltIns(): Promise<string[]> {
  const found = await Promise.all(
    BUILT_IN_MODELS.map(async ({ id, path }): Promise<string | null> => ((await fetch(withBase(path)).catch(() => null))?.ok ? id : null)),
  );
  return found.filter((id): id is string => id !== null);
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
