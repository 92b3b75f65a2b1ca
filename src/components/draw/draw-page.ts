/**
 * Wires the drawing pad: pointer strokes → toMnistInput → the model → the view, with the
 * PredictionScheduler deciding when to predict, the keyboard shortcuts, and the model panel.
 */
import { clipToPad, sampleDigitOnPad } from '../../lib/draw/clip-to-pad';
import { PredictionScheduler } from '../../lib/draw/prediction-scheduler';
import { toMnistInput } from '../../lib/preprocess/mnist-input';
import type { Drawing } from '../../lib/preprocess/strokes';
import { readDigit, startModelPanel } from './model-panel';
import { PAD_UNITS, PadCanvas } from './pad-canvas';
import { PredictionView } from './prediction-view';

type Prediction = { empty: true } | { empty: false; probabilities: Float32Array };

/** What other parts of the page (a lesson cell) may ask a running pad. */
export interface DrawPadHandle {
  /** The strokes on the pad now, in pad units, cut to what the pad shows. */
  drawing(): Drawing;
  /** Ten probabilities for a 28×28 image (pixels 0..1) from the model the pad reads with, as the pad feeds it. */
  read(pixels: Float32Array): Promise<{ modelId: string; modelName: string; probabilities: Float32Array }>;
}

const pads = new WeakMap<HTMLElement, DrawPadHandle>();

/** The pad started on `root`, if any. */
export function drawPadOf(root: HTMLElement): DrawPadHandle | undefined {
  return pads.get(root);
}

export function startDrawPad(root: HTMLElement): DrawPadHandle {
  const view = new PredictionView(root);
  const status = root.querySelector<HTMLElement>('[data-model-status]')!;
  const canvas = root.querySelector<HTMLCanvasElement>('[data-testid="draw-canvas"]')!;
  let penUpAt: number | null = null;

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

  const models = startModelPanel(root, (active) => {
    view.modelReady(active.id);
    if (!pad.history.isEmpty) {
      view.settled(false);
      scheduler.finish();
    }
  });

  const scheduler = new PredictionScheduler<Prediction>({
    requestFrame: (callback) => requestAnimationFrame(() => callback()),
    predict: async () => {
      const startedAt = performance.now();
      // Ink past the pad's edge is not on screen, so the model does not get it either.
      const input = toMnistInput(clipToPad(pad.history.strokes, PAD_UNITS));
      view.showInput(input.pixels);
      if (input.empty) return { empty: true };
      // Before the first model has loaded this waits for it; the pad stays drawable meanwhile.
      const active = await models.active();
      const probabilities = readDigit(active, input.pixels);
      view.record('tensors', active.tf.memory().numTensors);
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
  /** The keyboard path: a pen-written sample of `digit` drawn on the pad, read and announced like any drawing. */
  const drawSample = (digit: number): void => {
    pad.history.clear();
    scheduler.clear();
    for (const [first, ...rest] of sampleDigitOnPad(digit, PAD_UNITS)) {
      pad.history.begin(first!);
      for (const point of rest) pad.history.extend(point);
      pad.history.end();
    }
    pad.redraw();
    view.settled(false);
    scheduler.finish();
  };
  const sampleDigit = root.querySelector<HTMLSelectElement>('[data-sample-digit]');
  root.querySelector('[data-testid="draw-sample"]')?.addEventListener('click', () => drawSample(Number(sampleDigit?.value ?? 0)));
  canvas.addEventListener('keydown', (event) => {
    if (!/^[0-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    drawSample(Number(event.key));
  });
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

  const handle: DrawPadHandle = {
    drawing: () => clipToPad(pad.history.strokes, PAD_UNITS),
    read: async (pixels) => {
      const active = await models.active();
      return { modelId: active.id, modelName: active.name, probabilities: readDigit(active, pixels) };
    },
  };
  pads.set(root, handle);
  return handle;
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'file', 'submit', 'reset'].includes(target.type);
}
