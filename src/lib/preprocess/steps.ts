/**
 * toMnistInput's steps one at a time, for lesson 2's preview of the drawing pad: the ink
 * fitted into the 20×20 box and centred by its box, then the same ink moved so its centre of
 * mass sits where MNIST's does. The final image is toMnistInput's own.
 */
import { centreOfMass } from './centre-of-mass';
import { DEFAULT_PEN_WIDTH_FRACTION, MNIST_FIT_SIZE, MNIST_SIZE, toMnistInput, type MnistInput } from './mnist-input';
import { rasterizeDrawing } from './rasterize';
import { inkBounds, scaleAndTranslate, type Drawing, type Point } from './strokes';

export interface MnistInputSteps {
  /** Fitted into 20×20 and centred by its box: what step 3 starts from. */
  boxCentred: Float32Array;
  /** The centre of mass of boxCentred, before step 3 moves it. */
  boxCentredMass: Point;
  /** The finished input, exactly as the pad makes it. */
  input: MnistInput;
}

export function mnistInputSteps(drawing: Drawing): MnistInputSteps {
  const input = toMnistInput(drawing);
  const bounds = inkBounds(drawing);
  if (bounds === null) return { boxCentred: input.pixels, boxCentredMass: input.centreOfMass, input };
  const longerSide = Math.max(bounds.width, bounds.height);
  const scale = longerSide > 0 ? MNIST_FIT_SIZE / (longerSide * (1 + DEFAULT_PEN_WIDTH_FRACTION)) : 0;
  const middle = (MNIST_SIZE - 1) / 2;
  const placed = scaleAndTranslate(drawing, scale, middle - ((bounds.minX + bounds.maxX) / 2) * scale, middle - ((bounds.minY + bounds.maxY) / 2) * scale);
  const boxCentred = rasterizeDrawing(placed, MNIST_SIZE, MNIST_SIZE, input.penWidth);
  return { boxCentred, boxCentredMass: centreOfMass(boxCentred, MNIST_SIZE, MNIST_SIZE) ?? input.centreOfMass, input };
}
