/**
 * Wires the drawing pad: pointer strokes → toMnistInput → the model → the view, with the
 * PredictionScheduler deciding when to predict, keyboard shortcuts, and the model choice.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { builtInModel, BUILT_IN_MODELS, DEFAULT_MODEL_ID, modelIdFromQuery, type BuiltInModel } from '../../lib/draw/built-in-models';
import { PredictionScheduler } from '../../lib/draw/prediction-scheduler';
import { predictDigits } from '../../lib/model/predict';
import type { Tfjs } from '../../lib/model/tfjs';
import { MNIST_SIZE, toMnistInput } from '../../lib/preprocess/mnist-input';
import type { Drawing } from '../../lib/preprocess/strokes';
import { withBase } from '../../lib/site/url';
import { PadCanvas } from './pad-canvas';
import { PredictionView } from './prediction-view';
import { loadTfjs } from './tf-runtime';

interface ActiveModel {
  id: string;
  name: string;
  tf: Tfjs;
  model: LayersModel;
}

type Prediction = { empty: true } | { empty: false; probabilities: Float32Array };

/** What other parts of the page (a lesson cell) may ask a running pad. */
export interface DrawPadHandle {
  /** The strokes on the pad now, in pad units. */
  drawing(): Drawing;
}

const pads = new WeakMap<HTMLElement, DrawPadHandle>();

/** The pad started on `root`, if any. */
export function drawPadOf(root: HTMLElement): DrawPadHandle | undefined {
  return pads.get(root);
}

export function startDrawPad(root: HTMLElement): DrawPadHandle {
  const view = new PredictionView(root);
  const status = root.querySelector<HTMLElement>('[data-model-status]')!;
  const picker = root.querySelector<HTMLSelectElement>('[data-model-picker]')!;
  const canvas = root.querySelector<HTMLCanvasElement>('[data-testid="draw-canvas"]')!;

  let active: Promise<ActiveModel> | undefined;
  let penUpAt: number | null = null;
  /** A sentence about the model choice that stays above "Reading with …" (e.g. an unknown ?model=). */
  let notice = '';

  const pad = new PadCanvas(canvas, {
    changed: () => {
      view.settled(false);
      scheduler.request();
    },
    lifted: () => {
      penUpAt = performance.now();
      scheduler.finish();
    },
  });

  const scheduler = new PredictionScheduler<Prediction>({
    requestFrame: (callback) => requestAnimationFrame(() => callback()),
    predict: async () => {
      const startedAt = performance.now();
      const input = toMnistInput(pad.history.strokes);
      view.showInput(input.pixels);
      if (input.empty || active === undefined) return { empty: true };
      // Before the first model has loaded this waits for it; the pad stays drawable meanwhile.
      const { tf, model } = await active;
      const probabilities = await predictDigits(tf, model, input.pixels, 1);
      view.record('tensors', tf.memory().numTensors);
      if (penUpAt !== null && startedAt >= penUpAt && !pad.history.drawing) {
        view.record('latencyMs', Math.round((performance.now() - penUpAt) * 10) / 10);
        penUpAt = null;
      }
      return { empty: false, probabilities };
    },
    show: (result, seq) => {
      const final = !pad.history.drawing && !scheduler.pending;
      if (result.empty) view.showEmpty(seq);
      else view.showProbabilities(result.probabilities, seq, final);
      view.settled(final);
    },
    fail: (error) => {
      view.settled(!pad.history.drawing && !scheduler.pending);
      status.textContent = `The model could not read this drawing: ${error instanceof Error ? error.message : String(error)}`;
    },
  });

  const clear = (): void => {
    pad.history.clear();
    scheduler.clear();
    pad.redraw();
    view.showEmpty();
    view.settled(true);
  };
  const undo = (): void => {
    if (!pad.history.undo()) return;
    pad.redraw();
    if (pad.history.isEmpty) {
      clear();
    } else {
      view.settled(false);
      scheduler.finish();
    }
  };
  root.querySelector('[data-testid="clear"]')!.addEventListener('click', clear);
  root.querySelector('[data-testid="undo"]')!.addEventListener('click', undo);
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || isTextEntry(event.target)) return;
    if (event.key === 'Escape') {
      clear();
    } else if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      undo();
    }
  });

  const use = (choice: BuiltInModel): void => {
    status.textContent = `Loading ${choice.name}…`;
    const loading = loadBuiltIn(choice);
    active ??= loading;
    loading.then(
      (loaded) => {
        active = loading;
        picker.value = loaded.id;
        status.textContent = `${notice}Reading with: ${loaded.name}.`;
        view.modelReady(loaded.id);
        if (!pad.history.isEmpty) {
          view.settled(false);
          scheduler.finish();
        }
      },
      (error: unknown) => {
        status.textContent = `${choice.name} could not be loaded (${error instanceof Error ? error.message : String(error)}).`;
      },
    );
  };

  picker.addEventListener('change', () => {
    const choice = builtInModel(picker.value);
    if (choice) use(choice);
  });
  void offerAvailableModels(picker);

  const requested = modelIdFromQuery(location.search);
  const first = builtInModel(requested ?? DEFAULT_MODEL_ID) ?? builtInModel(DEFAULT_MODEL_ID)!;
  if (requested !== null && first.id !== requested) notice = `There is no model "${requested}". `;
  use(first);

  const handle: DrawPadHandle = { drawing: () => pad.history.strokes.map((stroke) => stroke.slice()) };
  pads.set(root, handle);
  return handle;
}

async function loadBuiltIn(choice: BuiltInModel): Promise<ActiveModel> {
  const tf = await loadTfjs();
  const model = await tf.loadLayersModel(withBase(choice.path));
  // The first prediction compiles the backend's kernels; do it now rather than on the student's first stroke.
  await predictDigits(tf, model, new Float32Array(MNIST_SIZE * MNIST_SIZE), 1);
  return { id: choice.id, name: choice.name, tf, model };
}

/** Lists the built-in models whose files are there (the MNIST-only model is optional). */
async function offerAvailableModels(picker: HTMLSelectElement): Promise<void> {
  for (const model of BUILT_IN_MODELS) {
    if (picker.querySelector(`option[value="${model.id}"]`)) continue;
    // GET, not HEAD: the service worker keeps GET responses, so the choice is offered offline too.
    const response = await fetch(withBase(model.path)).catch(() => null);
    if (!response?.ok) continue;
    picker.append(new Option(model.name, model.id));
  }
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'file', 'submit', 'reset'].includes(target.type);
}
