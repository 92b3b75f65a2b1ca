import { digitCanvas } from '../../components/dom/digits';
import { drawPadOf } from '../../components/draw/draw-page';
import type { CellRunner } from '../../components/notebook/types';
import { inkBounds } from '../../lib/preprocess/strokes';
import { MNIST_SIZE, toMnistInput } from '../../lib/preprocess/mnist-input';

/** toMnistInput on the pad's current drawing, with the numbers of each step. */
export const run: CellRunner = async ({ output }) => {
  const root = document.querySelector<HTMLElement>('[data-draw-pad]');
  const drawing = root ? drawPadOf(root)?.drawing() : undefined;
  const bounds = drawing ? inkBounds(drawing) : null;
  if (!drawing || bounds === null) throw new Error('Draw a digit on the pad above first, then run this cell.');
  const input = toMnistInput(drawing);
  const points = drawing.reduce((sum, stroke) => sum + stroke.length, 0);
  const rows: [string, string][] = [
    ['Strokes, points', `${drawing.length}, ${points}`],
    ['Ink box on the pad (pad units, 280 wide)', `${bounds.width.toFixed(0)} × ${bounds.height.toFixed(0)}`],
    ['Pen width used for the model (11% of the longer side)', `${(Math.max(bounds.width, bounds.height) * 0.11).toFixed(1)} pad units → ${input.penWidth.toFixed(2)} px at 28 × 28`],
    ['Ink box at 28 × 28', `${input.box.width.toFixed(1)} × ${input.box.height.toFixed(1)} px (longer side 20)`],
    ['Centre of mass (column, row)', `${input.centreOfMass.x.toFixed(2)}, ${input.centreOfMass.y.toFixed(2)} (target 14, 14)`],
  ];
  const table = document.createElement('table');
  table.className = 'data-table';
  table.dataset.testid = 'see-steps';
  for (const [name, value] of rows) {
    const row = table.insertRow();
    const header = document.createElement('th');
    header.scope = 'row';
    header.textContent = name;
    row.append(header);
    row.insertCell().textContent = value;
  }
  const image = digitCanvas(Array.from(input.pixels, (value) => value * 255));
  image.setAttribute('role', 'img');
  image.setAttribute('aria-label', `Your drawing as the model's ${MNIST_SIZE} × ${MNIST_SIZE} input`);
  image.style.maxWidth = '10rem';
  output.append(image, table);
  return input;
};
