/**
 * The collect pad: lesson 7's pad canvas and strokes → 28×28 code, asking for one digit at a
 * time (collect-plan.ts). Save keeps the drawing as the digit asked for, or refuses an empty pad
 * with a sentence; the grid lists every sample with relabel and delete.
 */
import { clipToPad } from '../../lib/draw/clip-to-pad';
import { nextDigitToAsk, roundText } from '../../lib/samples/collect-plan';
import { newSampleId, pixelsToBytes, type DigitSample } from '../../lib/samples/sample';
import { toMnistInput } from '../../lib/preprocess/mnist-input';
import { digitCanvas, paintDigit } from '../dom/digits';
import { PAD_UNITS, PadCanvas } from '../draw/pad-canvas';
import type { SampleCollection } from '../../lib/samples/sample-collection';

export function startCollectPad(root: HTMLElement, collection: SampleCollection): void {
  const canvas = root.querySelector<HTMLCanvasElement>('[data-testid="collect-canvas"]')!;
  const preview = root.querySelector<HTMLCanvasElement>('[data-collect-input]')!;
  const prompt = root.querySelector<HTMLElement>('[data-testid="collect-prompt"]')!;
  const promptDigit = prompt.querySelector<HTMLElement>('[data-prompt-digit]')!;
  const status = root.querySelector<HTMLElement>('[data-testid="collect-status"]')!;
  const count = root.querySelector<HTMLElement>('[data-testid="collect-count"]')!;
  const grid = root.querySelector<HTMLElement>('[data-testid="sample-grid"]')!;
  let asked = 0;
  let previous: number | null = null;

  const drawing = () => clipToPad(pad.history.strokes, PAD_UNITS);
  const showPreview = () => paintDigit(preview, Array.from(toMnistInput(drawing()).pixels, (value) => value * 255));
  const pad = new PadCanvas(canvas, { changed: showPreview, lifted: showPreview });
  showPreview();

  const ask = (): void => {
    asked = nextDigitToAsk(collection.samples, previous);
    prompt.dataset.digit = String(asked);
    promptDigit.textContent = String(asked);
    prompt.setAttribute('aria-label', `Draw a ${asked}, ${roundText(collection.samples, asked)}`);
    prompt.title = roundText(collection.samples, asked);
  };
  const clear = (): void => {
    pad.history.clear();
    pad.redraw();
    showPreview();
  };
  const save = async (): Promise<void> => {
    const strokes = drawing();
    const input = toMnistInput(strokes);
    if (input.empty) {
      status.textContent = `The pad is empty: draw a ${asked} first, then save it.`;
      return;
    }
    const sample: DigitSample = { id: newSampleId(), digit: asked, strokes, pixels: pixelsToBytes(input.pixels), createdAt: Date.now(), source: 'drawn' };
    previous = asked;
    clear();
    const problem = await collection.add([sample]);
    status.textContent = problem || `Saved as a ${sample.digit}.`;
  };

  root.querySelector('[data-testid="collect-save"]')!.addEventListener('click', () => void save());
  root.querySelector('[data-testid="collect-clear"]')!.addEventListener('click', clear);
  root.querySelector('[data-testid="collect-undo"]')!.addEventListener('click', () => {
    if (pad.history.undo()) pad.redraw();
    showPreview();
  });
  canvas.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      clear();
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      if (pad.history.undo()) pad.redraw();
      showPreview();
    }
  });

  collection.onChange(() => {
    const samples = collection.samples;
    count.dataset.count = String(samples.length);
    count.textContent = `(${samples.length})`;
    grid.replaceChildren(...samples.map((sample, i) => sampleItem(sample, i, collection, status)));
    ask();
  });
  ask();
}

function sampleItem(sample: DigitSample, index: number, collection: SampleCollection, status: HTMLElement): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.testid = 'sample';
  item.dataset.sampleId = sample.id;
  item.dataset.digit = String(sample.digit);
  const image = digitCanvas(sample.pixels, 'digit');
  image.setAttribute('role', 'img');
  image.setAttribute('aria-label', `Sample ${index + 1}: a ${sample.digit}`);
  const relabel = document.createElement('select');
  relabel.setAttribute('aria-label', `Digit of sample ${index + 1}`);
  relabel.dataset.testid = 'sample-relabel';
  for (let digit = 0; digit <= 9; digit++) relabel.append(new Option(String(digit), String(digit), false, digit === sample.digit));
  relabel.addEventListener('change', async () => {
    const problem = await collection.relabel(sample.id, Number(relabel.value));
    status.textContent = problem || `Sample ${index + 1} is now a ${relabel.value}.`;
  });
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Delete';
  remove.dataset.testid = 'sample-delete';
  remove.setAttribute('aria-label', `Delete sample ${index + 1} (a ${sample.digit})`);
  remove.addEventListener('click', async () => {
    const grid = item.parentElement;
    const problem = await collection.remove(sample.id);
    status.textContent = problem || `Sample ${index + 1} deleted.`;
    // The grid was drawn again: keep the keyboard where it was, on the next sample's Delete.
    const buttons = grid?.querySelectorAll<HTMLButtonElement>('[data-testid="sample-delete"]');
    if (buttons && buttons.length > 0) buttons[Math.min(index, buttons.length - 1)]!.focus();
  });
  item.append(image, relabel, remove);
  return item;
}
