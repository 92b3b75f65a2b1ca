import { decodePenSamples } from '../../lib/pendigits/samples';
import { UNIPEN_BOX_SIZE, type PenDigit } from '../../lib/pendigits/unipen';
import { mnistInputSteps } from '../../lib/preprocess/steps';
import { inkBounds } from '../../lib/preprocess/strokes';
import { digitCanvas } from '../../components/dom/digits';
import { textElement } from '../../components/dom/elements';
import type { CellRunner } from '../../components/notebook/types';
import '../../styles/preprocessing.css';

const STROKE_CANVAS = 280;

/** A held-out pen digit through the drawing pad's steps, one picture per step. */
export const run: CellRunner = async ({ output }) => {
  const holder = document.querySelector<HTMLElement>('[data-pen-samples]');
  if (!holder?.dataset.penSamples) throw new Error('This page holds no pen samples (the build did not write them).');
  const samples = decodePenSamples(holder.dataset.penSamples);

  const picker = document.createElement('fieldset');
  picker.className = 'digit-picker';
  picker.append(textElement('legend', 'Pen digit'));
  samples.forEach((sample, i) => {
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'pen-digit';
    radio.value = String(i);
    radio.checked = i === 0;
    label.append(radio, textElement('span', String(sample.label)));
    picker.append(label);
  });
  const steps = document.createElement('div');
  output.append(picker, steps);
  const show = (sample: PenDigit): void => steps.replaceChildren(...stepsFor(sample));
  picker.addEventListener('change', (event) => show(samples[Number((event.target as HTMLInputElement).value)]!));
  show(samples[0]!);
};

function stepsFor(sample: PenDigit): HTMLElement[] {
  const { boxCentred, boxCentredMass, input } = mnistInputSteps(sample.strokes);
  const bounds = inkBounds(sample.strokes)!;
  const row = document.createElement('div');
  row.className = 'pen-steps';
  row.dataset.testid = 'pen-steps';
  row.dataset.label = String(sample.label);
  row.append(
    figure(strokeCanvas(sample), `1. The strokes as written (writer ${sample.writer}): ${sample.strokes.length} ${sample.strokes.length === 1 ? 'stroke' : 'strokes'}, ${bounds.width.toFixed(0)} × ${bounds.height.toFixed(0)} of the tablet's ${UNIPEN_BOX_SIZE}`),
    figure(image(boxCentred, `The pen digit ${sample.label} drawn again into 20 × 20, centred by its box`), `2. Pen ${input.penWidth.toFixed(2)} px wide, fitted into 20 × 20, box in the middle: centre of mass at (${boxCentredMass.x.toFixed(2)}, ${boxCentredMass.y.toFixed(2)})`),
    figure(image(input.pixels, `The pen digit ${sample.label} as the model's input`), `3. Moved so the centre of mass is at (${input.centreOfMass.x.toFixed(2)}, ${input.centreOfMass.y.toFixed(2)}), where MNIST puts it: the model's input`),
  );
  return [row];
}

function figure(picture: HTMLElement, caption: string): HTMLElement {
  const element = document.createElement('figure');
  element.append(picture, textElement('figcaption', caption));
  return element;
}

function image(pixels: Float32Array, label: string): HTMLCanvasElement {
  const canvas = digitCanvas(Array.from(pixels, (value) => value * 255));
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return canvas;
}

function strokeCanvas(sample: PenDigit): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'pen-strokes';
  canvas.width = STROKE_CANVAS;
  canvas.height = STROKE_CANVAS;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `The strokes of a pen-written ${sample.label} in the tablet's writing box`);
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const scale = STROKE_CANVAS / UNIPEN_BOX_SIZE;
  context.fillStyle = '#000';
  context.fillRect(0, 0, STROKE_CANVAS, STROKE_CANVAS);
  context.strokeStyle = '#fff';
  context.lineWidth = 3;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const stroke of sample.strokes) {
    context.beginPath();
    stroke.forEach(({ x, y }, i) => (i === 0 ? context.moveTo(x * scale, y * scale) : context.lineTo(x * scale, y * scale)));
    if (stroke.length === 1) context.lineTo(stroke[0]!.x * scale + 0.1, stroke[0]!.y * scale);
    context.stroke();
  }
  return canvas;
}
