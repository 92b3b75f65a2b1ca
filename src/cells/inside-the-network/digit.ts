import { textElement } from '../../components/dom/elements';
import { digitCanvas } from '../../components/dom/digits';
import { PadCanvas } from '../../components/draw/pad-canvas';
import { testDigit, type InspectSession } from '../../components/inspect/inspect-session';
import type { CellRunner } from '../../components/notebook/types';
import { toMnistInput } from '../../lib/preprocess/mnist-input';

/** Choose the digit to follow through the network: a test image by number, or one you draw. */
export const run: CellRunner = async ({ output, input }) => {
  const session = input<InspectSession>('model');
  const controls = document.createElement('div');
  controls.className = 'cell-controls model-picker';
  const label = textElement('label', 'Test image (0–9,999)');
  const number = document.createElement('input');
  number.type = 'number';
  number.min = '0';
  number.max = '9999';
  number.value = '0';
  number.id = 'inspect-test-index';
  number.dataset.testid = 'digit-index';
  label.htmlFor = number.id;
  const another = textElement('button', 'Another test image');
  another.type = 'button';
  controls.append(label, number, another);

  const padBlock = document.createElement('div');
  const padLabel = textElement('p', 'Or draw one (the drawing pad’s strokes → 28×28 code prepares it):', 'hint');
  const canvas = document.createElement('canvas');
  canvas.className = 'small-pad';
  canvas.dataset.testid = 'inspect-pad';
  canvas.setAttribute('aria-label', 'A small drawing pad: draw a digit with the mouse, a finger or a pen');
  const clear = textElement('button', 'Clear');
  clear.type = 'button';
  padBlock.append(padLabel, canvas, clear);

  const preview = document.createElement('div');
  preview.className = 'digit-preview';
  preview.setAttribute('aria-live', 'polite');
  output.append(controls, padBlock, preview);

  const pad = new PadCanvas(canvas, {
    changed: () => {},
    lifted: () => {
      const prepared = toMnistInput(pad.history.strokes);
      if (!prepared.empty) session.setDigit({ pixels: prepared.pixels, name: 'your drawing' });
    },
  });
  clear.addEventListener('click', () => {
    pad.history.clear();
    pad.redraw();
  });
  const useIndex = (): void => {
    const index = Math.max(0, Math.min(9999, Math.round(Number(number.value) || 0)));
    number.value = String(index);
    session.setDigit(testDigit(session.data, index));
  };
  number.addEventListener('change', useIndex);
  another.addEventListener('click', () => {
    number.value = String(Math.floor(Math.random() * 10_000));
    useIndex();
  });
  session.follow('digit', (_, digit) => {
    const big = digitCanvas(Uint8Array.from(digit.pixels, (v) => Math.round(v * 255)), 'digit digit-large');
    big.style.maxWidth = '8rem';
    big.setAttribute('role', 'img');
    big.setAttribute('aria-label', `The digit followed: ${digit.name}`);
    preview.replaceChildren(textElement('p', `Following: ${digit.name}${digit.label === undefined ? '' : `, labelled ${digit.label}`}.`), big);
    preview.dataset.digit = digit.name;
  });
  return undefined;
};
